package cn.ebike.tradein.support;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.time.Instant;
import java.util.UUID;

/**
 * A trade-in ready for its next step, with registration stubbed for its vehicles: an active dealer, an
 * owner, a filed non-standard old bike and a compliant new bike with an active plate.
 */
public final class Scenario {

    public final UUID dealer;
    public final UUID owner = UUID.randomUUID();
    public final UUID oldVehicle;
    public final UUID newVehicle;
    public UUID tradeIn;

    private final RegistrationStub registration;

    private Scenario(WireMockServer server) {
        this.registration = new RegistrationStub(server);
        this.dealer = Api.activeDealer();
        this.oldVehicle = registration.filedNonStandard(owner);
        this.newVehicle = registration.compliantWithPlate(owner);
    }

    public static Scenario fresh(WireMockServer server) {
        return new Scenario(server);
    }

    public Scenario opened() {
        tradeIn = Api.openTradeIn(dealer, owner, oldVehicle);
        registration.scrapAccepts(oldVehicle, owner, tradeIn);
        // the new bike is bought in this trade-in: registered by its dealer after it was opened
        registration.compliantRegisteredBy(newVehicle, owner, dealer, Instant.now());
        return this;
    }

    public Scenario recycled() {
        Api.recycle(dealer, tradeIn);
        return this;
    }

    public Scenario withNewVehicle() {
        Api.recordNewVehicle(dealer, tradeIn, newVehicle);
        return this;
    }

    /** Both steps recorded: ready to complete. */
    public Scenario ready() {
        return opened().recycled().withNewVehicle();
    }

    public String dealerToken() {
        return Tokens.dealer(dealer);
    }

    public String path(String suffix) {
        return "/api/trade-ins/" + tradeIn + suffix;
    }
}
