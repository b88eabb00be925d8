package cn.ebike.registration.api;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import cn.ebike.registration.support.Api;
import cn.ebike.registration.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Each endpoint refuses the roles API.md does not list with 403 problem+json, before touching any data. */
@QuarkusTest
class RoleDenialTest {

    private static final String ANY_ID = UUID.randomUUID().toString();
    private final String owner = Tokens.owner(UUID.randomUUID().toString());
    private final String dealer = Tokens.dealer(UUID.randomUUID());
    private final String admin = Tokens.admin();
    private final String service = Tokens.service();
    private final String regulator = Tokens.regulator();

    private static void denied(String token, String method, String path, String contentType, String body) {
        var request = Api.as(token);
        if (contentType != null) {
            request = request.contentType(contentType).body(body);
        }
        request.request(method, path).then().statusCode(403)
                .contentType(containsString("application/problem+json")).body("status", equalTo(403));
    }

    @Test
    void createOwnerIsForDealersAndRegulators() {
        for (String token : new String[] {owner, admin, service}) {
            denied(token, "POST", "/api/owners", "application/json", "{}");
        }
    }

    @Test
    void ownersMeIsForOwners() {
        for (String token : new String[] {dealer, admin, service, regulator}) {
            denied(token, "GET", "/api/owners/me", null, null);
        }
    }

    @Test
    void ownerLookupIsForServicesOnly() {
        for (String token : new String[] {owner, dealer, admin, regulator}) {
            denied(token, "POST", "/api/owners/lookup", "application/json", "{\"phone\":\"13812345678\"}");
        }
    }

    @Test
    void registeringVehiclesIsForDealersAndRegulators() {
        for (String token : new String[] {owner, admin, service}) {
            denied(token, "POST", "/api/vehicles", "application/json", "{}");
        }
    }

    @Test
    void importIsForRegulators() {
        for (String token : new String[] {owner, dealer, admin, service}) {
            denied(token, "POST", "/api/vehicles/import", "text/csv", "frameNumber\n");
        }
    }

    @Test
    void readingVehiclesIsNotForAdmins() {
        denied(admin, "GET", "/api/vehicles", null, null);
        denied(admin, "GET", "/api/vehicles/" + ANY_ID, null, null);
    }

    @Test
    void historyIsForOwnersAndRegulators() {
        for (String token : new String[] {dealer, admin, service}) {
            denied(token, "GET", "/api/vehicles/" + ANY_ID + "/history", null, null);
        }
    }

    @Test
    void platesAreIssuedByDealersAndRegulators() {
        for (String token : new String[] {owner, admin, service}) {
            denied(token, "POST", "/api/vehicles/" + ANY_ID + "/plate", null, null);
        }
    }

    @Test
    void scrappingIsForServicesAndRegulators() {
        for (String token : new String[] {owner, dealer, admin}) {
            denied(token, "POST", "/api/vehicles/" + ANY_ID + "/scrap", "application/json",
                    "{\"reason\":\"r\",\"reference\":\"x\"}");
        }
    }

    @Test
    void statsAreForRegulatorsAndServices() {
        for (String token : new String[] {owner, dealer, admin}) {
            denied(token, "GET", "/api/vehicles/stats", null, null);
        }
    }

    @Test
    void aDealerCannotRegisterAFiledNonStandardBike() {
        Api.json(dealer).body(Api.filedBody(Api.newOwner())).post("/api/vehicles").then().statusCode(403)
                .body("detail", containsString("regulators"));
    }

    @Test
    void aDealerTokenWithoutDealerIdCannotRegister() {
        String noDealerId = Tokens.sign(Tokens.claims("staff-x", "dealer"));
        Api.json(noDealerId).body(Api.compliantBody(Api.newOwner())).post("/api/vehicles").then().statusCode(403);
    }
}
