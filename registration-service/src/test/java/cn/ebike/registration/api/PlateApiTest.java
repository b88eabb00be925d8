package cn.ebike.registration.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import cn.ebike.registration.plate.PlateSigner;
import cn.ebike.registration.support.Api;
import cn.ebike.registration.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.LocalDate;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PlateApiTest {

    private static VerifyCall verify(String qrPayload) {
        return new VerifyCall(given().contentType("application/json").body(Map.of("qrPayload", qrPayload))
                .post("/api/plates/verify").then().statusCode(200).extract().jsonPath());
    }

    record VerifyCall(JsonPath json) {
    }

    @Test
    void theRegisteringDealerIssuesAPlateInTheCityFormatWithASignedQr() {
        UUID dealer = UUID.randomUUID();
        String vehicle = Api.compliantVehicle(dealer, Api.newOwner()).getString("id");
        Api.as(Tokens.dealer(dealer)).post("/api/vehicles/" + vehicle + "/plate").then().statusCode(201)
                .header("Location", containsString("/api/plates/"))
                .body("plateNumber", matchesPattern("浙A\\d{6}"))
                .body("vehicleId", equalTo(vehicle))
                .body("status", equalTo("ACTIVE"))
                .body("issuedAt", notNullValue())
                .body("qrPayload", matchesPattern("EB1\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+"));
        Api.as(Tokens.dealer(dealer)).get("/api/vehicles/" + vehicle).then()
                .body("plateNumber", matchesPattern("浙A\\d{6}")).body("plateStatus", equalTo("ACTIVE"));
    }

    @Test
    void aSecondPlateWhileOneIsActiveIs409() {
        String vehicle = Api.filedVehicle(Api.newOwner()).getString("id");
        Api.issuePlate(Tokens.regulator(), vehicle);
        Api.as(Tokens.regulator()).post("/api/vehicles/" + vehicle + "/plate").then().statusCode(409)
                .contentType(containsString("application/problem+json"));
    }

    @Test
    void anotherDealerCannotPlateTheBikeAndGets404() {
        String vehicle = Api.compliantVehicle(UUID.randomUUID(), Api.newOwner()).getString("id");
        Api.as(Tokens.dealer(UUID.randomUUID())).post("/api/vehicles/" + vehicle + "/plate").then().statusCode(404);
        Api.as(Tokens.regulator()).post("/api/vehicles/" + UUID.randomUUID() + "/plate").then().statusCode(404);
    }

    @Test
    void anySignedInRoleReadsAPlateWithAMaskedOwner() {
        String vehicle = Api.filedVehicle(Api.newOwner()).getString("id");
        String plate = Api.issuePlate(Tokens.regulator(), vehicle).getString("plateNumber");
        for (String token : new String[] {Tokens.owner(UUID.randomUUID().toString()), Tokens.dealer(UUID.randomUUID()),
                Tokens.admin(), Tokens.service(), Tokens.regulator()}) {
            Api.as(token).get("/api/plates/" + plate).then().statusCode(200)
                    .body("plateNumber", equalTo(plate)).body("vehicleId", equalTo(vehicle))
                    .body("status", equalTo("ACTIVE")).body("qrPayload", notNullValue())
                    .body("vehicle.id", equalTo(vehicle)).body("vehicle.ownerName", equalTo("张*"))
                    .body("vehicle.category", equalTo("NON_STANDARD_FILED"));
        }
        given().get("/api/plates/" + plate).then().statusCode(401);
        Api.as(Tokens.regulator()).get("/api/plates/浙A999999999").then().statusCode(404);
    }

    @Test
    void aGenuinePlateVerifiesWithVehicleFactsAndAMaskedOwner() {
        String vehicle = Api.filedVehicle(Api.newOwner()).getString("id");
        JsonPath plate = Api.issuePlate(Tokens.regulator(), vehicle);
        JsonPath result = verify(plate.getString("qrPayload")).json();
        assertThat(result.getBoolean("valid")).isTrue();
        assertThat(result.getString("reason")).isNull();
        assertThat(result.getString("plateNumber")).isEqualTo(plate.getString("plateNumber"));
        assertThat(result.getString("status")).isEqualTo("ACTIVE");
        assertThat(result.getString("category")).isEqualTo("NON_STANDARD_FILED");
        assertThat(result.getString("brand")).isEqualTo("无名");
        assertThat(result.getString("model")).isEqualTo("X1");
        assertThat(result.getString("ownerName")).isEqualTo("张*");
    }

    @Test
    void aTamperedQrIsABadSignature() {
        String vehicle = Api.filedVehicle(Api.newOwner()).getString("id");
        String token = Api.issuePlate(Tokens.regulator(), vehicle).getString("qrPayload");
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(
                payload.replace("|EB", "|EC").getBytes(StandardCharsets.UTF_8));
        JsonPath result = verify(parts[0] + "." + forged + "." + parts[2]).json();
        assertThat(result.getBoolean("valid")).isFalse();
        assertThat(result.getString("reason")).isEqualTo("BAD_SIGNATURE");
        assertThat(result.getString("ownerName")).isNull();
    }

    @Test
    void aQrSignedWithAnotherKeyIsABadSignature() throws Exception {
        KeyPair other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String forged = new PlateSigner(other.getPrivate(), other.getPublic())
                .token("浙A000001", "EB00000000000000000000", LocalDate.now());
        assertThat(verify(forged).json().getString("reason")).isEqualTo("BAD_SIGNATURE");
    }

    @Test
    void aPlatePrintedBeforeAKeyRotationStillVerifiesAndThePreviousKeyIsPublished() throws Exception {
        // the test profile lists test-only-keys/plate-signing-previous-public.pem as a rotated-out key
        PlateSigner previous = PlateSignerKeys.previousSigner();
        String vehicle = Api.filedVehicle(Api.newOwner()).getString("id");
        String current = Api.issuePlate(Tokens.regulator(), vehicle).getString("qrPayload");
        String payload = new String(Base64.getUrlDecoder().decode(current.split("\\.")[1]), StandardCharsets.UTF_8);
        String[] claims = payload.split("\\|");
        // the same plate, as the old key signed it when it was printed
        String printedBefore = previous.token(claims[0], claims[1], LocalDate.parse(claims[2],
                java.time.format.DateTimeFormatter.BASIC_ISO_DATE));
        assertThat(printedBefore).isNotEqualTo(current);
        JsonPath result = verify(printedBefore).json();
        assertThat(result.getBoolean("valid")).isTrue();
        assertThat(result.getString("plateNumber")).isEqualTo(claims[0]);
        assertThat(verify(current).json().getBoolean("valid")).isTrue();

        given().get("/api/plates/public-key").then().statusCode(200)
                .body("keyId", equalTo(PlateSignerKeys.signer().keyId()))
                .body("previousKeys.size()", equalTo(1))
                .body("previousKeys[0].keyId", equalTo(previous.keyId()))
                .body("previousKeys[0].publicKey", equalTo(Base64.getEncoder().encodeToString(previous.publicKeySpki())))
                .body("previousKeys[0].publicKeyPem", containsString("-----BEGIN PUBLIC KEY-----"));
    }

    @Test
    void aGenuineSignatureForAPlateWeDoNotHoldIsAnUnknownPlate() {
        String token = PlateSignerKeys.signer().token("浙Z99999", "EB00000000000000000000", LocalDate.now());
        JsonPath result = verify(token).json();
        assertThat(result.getBoolean("valid")).isFalse();
        assertThat(result.getString("reason")).isEqualTo("UNKNOWN_PLATE");
        assertThat(result.getString("plateNumber")).isEqualTo("浙Z99999");
    }

    @Test
    void aGenuineTokenWithAnotherRegistrationCodeIsAnUnknownPlate() {
        String vehicle = Api.filedVehicle(Api.newOwner()).getString("id");
        String plate = Api.issuePlate(Tokens.regulator(), vehicle).getString("plateNumber");
        String token = PlateSignerKeys.signer().token(plate, "EB00000000000000000000",
                PlateSigner.issueDate(java.time.Instant.now()));
        assertThat(verify(token).json().getString("reason")).isEqualTo("UNKNOWN_PLATE");
    }

    @Test
    void unreadableScansAreMalformedAnd200() {
        assertThat(verify("hello").json().getString("reason")).isEqualTo("MALFORMED");
        assertThat(verify("").json().getString("reason")).isEqualTo("MALFORMED");
        given().contentType("application/json").body("{not json").post("/api/plates/verify").then().statusCode(200)
                .body("valid", equalTo(false)).body("reason", equalTo("MALFORMED"));
        given().contentType("application/json").body("{\"qrPayload\": 42}").post("/api/plates/verify").then()
                .statusCode(200).body("reason", equalTo("MALFORMED"));
        given().contentType("text/plain").body("EB1.x.y").post("/api/plates/verify").then().statusCode(200)
                .body("reason", equalTo("MALFORMED"));
        given().post("/api/plates/verify").then().statusCode(200).body("reason", equalTo("MALFORMED"))
                .body("plateNumber", nullValue());
    }

    @Test
    void thePublishedKeyLetsAnAppVerifyOffline() throws Exception {
        String vehicle = Api.filedVehicle(Api.newOwner()).getString("id");
        String token = Api.issuePlate(Tokens.regulator(), vehicle).getString("qrPayload");
        JsonPath key = given().get("/api/plates/public-key").then().statusCode(200)
                .body("algorithm", equalTo("Ed25519"))
                .body("publicKeyPem", containsString("-----BEGIN PUBLIC KEY-----"))
                .body("tokenFormat", containsString("EB1.")).body("keyId", notNullValue())
                .extract().jsonPath();
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(KeyFactory.getInstance("Ed25519")
                .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(key.getString("publicKey")))));
        int second = token.lastIndexOf('.');
        verifier.update(token.substring(0, second).getBytes(StandardCharsets.US_ASCII));
        assertThat(verifier.verify(Base64.getUrlDecoder().decode(token.substring(second + 1)))).isTrue();
    }

    @Test
    void theQrOfAPlateIsTheSameEveryTimeItIsShown() {
        String vehicle = Api.filedVehicle(Api.newOwner()).getString("id");
        JsonPath issued = Api.issuePlate(Tokens.regulator(), vehicle);
        Api.as(Tokens.regulator()).get("/api/plates/" + issued.getString("plateNumber")).then()
                .body("qrPayload", equalTo(issued.getString("qrPayload")));
    }
}
