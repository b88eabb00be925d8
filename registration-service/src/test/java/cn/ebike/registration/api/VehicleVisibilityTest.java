package cn.ebike.registration.api;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;

import cn.ebike.registration.support.Api;
import cn.ebike.registration.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Object-level checks: an owner sees their own, a dealer what it registered; anything else is 404. */
@QuarkusTest
class VehicleVisibilityTest {

    @Test
    void anOwnerSeesTheirOwnVehicleAndNotAnothers() {
        String owner = Api.newOwner();
        String mine = Api.compliantVehicle(UUID.randomUUID(), owner).getString("id");
        String theirs = Api.compliantVehicle(UUID.randomUUID(), Api.newOwner()).getString("id");
        Api.as(Tokens.owner(owner)).get("/api/vehicles/" + mine).then().statusCode(200);
        Api.as(Tokens.owner(owner)).get("/api/vehicles/" + theirs).then().statusCode(404);
    }

    @Test
    void aDealerSeesWhatItRegisteredAndNotAnotherDealersBike() {
        UUID dealer = UUID.randomUUID();
        String owner = Api.newOwner();
        String own = Api.compliantVehicle(dealer, owner).getString("id");
        String other = Api.compliantVehicle(UUID.randomUUID(), owner).getString("id");
        String filed = Api.filedVehicle(owner).getString("id");
        Api.as(Tokens.dealer(dealer)).get("/api/vehicles/" + own).then().statusCode(200);
        Api.as(Tokens.dealer(dealer)).get("/api/vehicles/" + other).then().statusCode(404);
        Api.as(Tokens.dealer(dealer)).get("/api/vehicles/" + filed).then().statusCode(404);
    }

    @Test
    void regulatorsAndServicesSeeEverything() {
        String id = Api.compliantVehicle(UUID.randomUUID(), Api.newOwner()).getString("id");
        Api.as(Tokens.regulator()).get("/api/vehicles/" + id).then().statusCode(200);
        Api.as(Tokens.service()).get("/api/vehicles/" + id).then().statusCode(200);
    }

    @Test
    void anOwnersListHoldsOnlyTheirVehicles() {
        String owner = Api.newOwner();
        String a = Api.compliantVehicle(UUID.randomUUID(), owner).getString("id");
        String b = Api.filedVehicle(owner).getString("id");
        Api.compliantVehicle(UUID.randomUUID(), Api.newOwner());
        Api.as(Tokens.owner(owner)).get("/api/vehicles").then().statusCode(200)
                .body("total", equalTo(2)).body("items.id", contains(b, a))
                .body("items.ownerId", everyItem(equalTo(owner))).body("page", equalTo(0)).body("size", equalTo(50));
        Api.as(Tokens.owner(owner)).queryParam("ownerId", Api.newOwner()).get("/api/vehicles").then().statusCode(200)
                .body("items", empty()).body("total", equalTo(0));
    }

    @Test
    void aDealersListHoldsWhatItRegistered() {
        UUID dealer = UUID.randomUUID();
        String a = Api.compliantVehicle(dealer, Api.newOwner()).getString("id");
        Api.compliantVehicle(UUID.randomUUID(), Api.newOwner());
        Api.as(Tokens.dealer(dealer)).get("/api/vehicles").then().statusCode(200)
                .body("total", equalTo(1)).body("items.id", contains(a));
    }

    @Test
    void aDealerLooksUpAnyBikeByItsExactFrameOrPlateNumber() {
        UUID dealer = UUID.randomUUID();
        var filed = Api.filedVehicle(Api.newOwner());
        String plate = Api.issuePlate(Tokens.regulator(), filed.getString("id")).getString("plateNumber");
        Api.as(Tokens.dealer(dealer)).queryParam("frameNumber", filed.getString("frameNumber")).get("/api/vehicles")
                .then().statusCode(200).body("total", equalTo(1)).body("items[0].id", equalTo(filed.getString("id")))
                .body("items[0].owner.name", equalTo("张*"));
        Api.as(Tokens.dealer(dealer)).queryParam("plateNumber", plate).get("/api/vehicles")
                .then().statusCode(200).body("items.id", contains(filed.getString("id")))
                .body("items[0].plateNumber", equalTo(plate)).body("items[0].plateStatus", equalTo("ACTIVE"));
        Api.as(Tokens.dealer(dealer)).queryParam("frameNumber", filed.getString("frameNumber").substring(0, 10))
                .get("/api/vehicles").then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void regulatorsFilterByCategoryStatusAndOwnerAndPage() {
        String owner = Api.newOwner();
        String filed = Api.filedVehicle(owner).getString("id");
        String compliant = Api.compliantVehicle(UUID.randomUUID(), owner).getString("id");
        Api.as(Tokens.regulator()).queryParam("ownerId", owner).queryParam("category", "NON_STANDARD_FILED")
                .get("/api/vehicles").then().statusCode(200).body("items.id", contains(filed));
        Api.as(Tokens.regulator()).queryParam("ownerId", owner).queryParam("status", "REGISTERED")
                .queryParam("size", 1).queryParam("page", 1)
                .get("/api/vehicles").then().statusCode(200).body("total", equalTo(2)).body("size", equalTo(1))
                .body("page", equalTo(1)).body("items.id", contains(filed));
        Api.as(Tokens.regulator()).queryParam("ownerId", owner).queryParam("size", 1)
                .get("/api/vehicles").then().body("items.id", contains(compliant));
        Api.as(Tokens.service()).get("/api/vehicles").then().statusCode(200).body("total", greaterThanOrEqualTo(2));
    }

    @Test
    void badListParametersAre400NamingThem() {
        Api.as(Tokens.regulator()).queryParam("page", -1).get("/api/vehicles").then().statusCode(400)
                .body("errors.field", contains("page"));
        Api.as(Tokens.regulator()).queryParam("size", 201).get("/api/vehicles").then().statusCode(400)
                .body("errors.field", contains("size"));
        Api.as(Tokens.regulator()).queryParam("size", "ten").get("/api/vehicles").then().statusCode(400)
                .body("errors.field", contains("size"));
        Api.as(Tokens.regulator()).queryParam("category", "BICYCLE").queryParam("status", "GONE")
                .queryParam("ownerId", "x").get("/api/vehicles").then().statusCode(400)
                .body("errors.field", hasItem("category")).body("errors.field", hasItem("status"))
                .body("errors.field", hasItem("ownerId"));
    }
}
