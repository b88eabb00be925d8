package cn.ebike.tradein.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import java.time.Instant;
import java.util.UUID;

/** registration-service as WireMock answers it, shaped like CONTRACT.md's vehicle JSON. */
public final class RegistrationStub {

    private final WireMockServer server;

    public RegistrationStub(WireMockServer server) {
        this.server = server;
    }

    public UUID filedNonStandard(UUID ownerId) {
        UUID id = UUID.randomUUID();
        vehicle(id, "NON_STANDARD_FILED", "REGISTERED", ownerId, "ACTIVE", null);
        return id;
    }

    public UUID compliantWithPlate(UUID ownerId) {
        UUID id = UUID.randomUUID();
        vehicle(id, "COMPLIANT", "REGISTERED", ownerId, "ACTIVE", null);
        return id;
    }

    public void vehicle(UUID id, String category, String status, UUID ownerId, String plateStatus,
            String scrapReference) {
        vehicle(id, category, status, ownerId, plateStatus, scrapReference, null, OLD_REGISTRATION);
    }

    public void vehicle(UUID id, String category, String status, UUID ownerId, String plateStatus,
            String scrapReference, UUID registeredByDealerId, Instant registeredAt) {
        server.stubFor(get(urlEqualTo("/api/vehicles/" + id))
                .withHeader("Authorization", equalTo(WireMockResource.BEARER))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(vehicleJson(id, category, status, ownerId, plateStatus, scrapReference,
                                registeredByDealerId, registeredAt))));
    }

    /** A compliant bike with an active plate that {@code dealer} registered at {@code registeredAt}. */
    public void compliantRegisteredBy(UUID id, UUID ownerId, UUID dealer, Instant registeredAt) {
        vehicle(id, "COMPLIANT", "REGISTERED", ownerId, "ACTIVE", null, dealer, registeredAt);
    }

    public void unknown(UUID id) {
        server.stubFor(get(urlEqualTo("/api/vehicles/" + id))
                .withHeader("Authorization", equalTo(WireMockResource.BEARER))
                .willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/problem+json")
                        .withBody("{\"status\":404,\"title\":\"Not Found\"}")));
    }

    public void down(UUID id) {
        server.stubFor(get(urlEqualTo("/api/vehicles/" + id))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    }

    public void failing(UUID id, int status) {
        server.stubFor(get(urlEqualTo("/api/vehicles/" + id))
                .willReturn(aResponse().withStatus(status)));
    }

    public void slow(UUID id, int delayMillis, UUID ownerId) {
        server.stubFor(get(urlEqualTo("/api/vehicles/" + id))
                .willReturn(aResponse().withFixedDelay(delayMillis).withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody(vehicleJson(id, "NON_STANDARD_FILED", "REGISTERED", ownerId, "ACTIVE", null))));
    }

    /** Scrapping succeeds only with the trade-in's id as the reference. */
    public void scrapAccepts(UUID vehicleId, UUID ownerId, UUID tradeInId) {
        server.stubFor(post(urlEqualTo("/api/vehicles/" + vehicleId + "/scrap"))
                .withHeader("Authorization", equalTo(WireMockResource.BEARER))
                .withRequestBody(matchingJsonPath("$.reference", equalTo(tradeInId.toString())))
                .withRequestBody(matchingJsonPath("$.reason"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(vehicleJson(vehicleId, "NON_STANDARD_FILED", "SCRAPPED", ownerId, "REVOKED",
                                tradeInId.toString()))));
    }

    public void scrapAnswers(UUID vehicleId, int status) {
        server.stubFor(post(urlEqualTo("/api/vehicles/" + vehicleId + "/scrap"))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/problem+json")
                        .withBody("{\"status\":" + status + "}")));
    }

    public void scrapDown(UUID vehicleId) {
        server.stubFor(post(urlEqualTo("/api/vehicles/" + vehicleId + "/scrap"))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    }

    static final Instant OLD_REGISTRATION = Instant.parse("2026-01-01T00:00:00Z");

    static String vehicleJson(UUID id, String category, String status, UUID ownerId, String plateStatus,
            String scrapReference) {
        return vehicleJson(id, category, status, ownerId, plateStatus, scrapReference, null, OLD_REGISTRATION);
    }

    static String vehicleJson(UUID id, String category, String status, UUID ownerId, String plateStatus,
            String scrapReference, UUID registeredByDealerId, Instant registeredAt) {
        return "{\"id\":\"" + id + "\",\"registrationCode\":\"RC" + id.toString().substring(0, 8) + "\","
                + "\"frameNumber\":\"LTEST1234567890AB\",\"motorNumber\":\"M1\",\"brand\":\"Yadea\",\"model\":\"X\","
                + "\"category\":\"" + category + "\",\"batteryType\":\"LEAD_ACID\",\"status\":\"" + status + "\","
                + "\"ownerId\":\"" + ownerId + "\",\"owner\":{\"id\":\"" + ownerId + "\",\"name\":\"张*\"},"
                + "\"plateNumber\":\"杭A12345\",\"plateStatus\":" + (plateStatus == null ? "null" : "\"" + plateStatus + "\"")
                + ",\"registeredAt\":\"" + registeredAt + "\",\"registeredByDealerId\":"
                + (registeredByDealerId == null ? "null" : "\"" + registeredByDealerId + "\"") + ",\"filedAt\":\"2025-01-01T00:00:00Z\","
                + "\"scrappedAt\":" + ("SCRAPPED".equals(status) ? "\"2026-06-01T00:00:00Z\"" : "null") + ","
                + "\"scrapReference\":" + (scrapReference == null ? "null" : "\"" + scrapReference + "\"") + ","
                + "\"someFieldAddedLater\":{\"x\":1}}";
    }
}
