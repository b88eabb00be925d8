package cn.ebike.registration.vehicle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.ebike.common.problem.ApiException;
import cn.ebike.registration.particulars.BatteryType;
import cn.ebike.registration.particulars.RegistrationCodes;
import cn.ebike.registration.plate.Plate;
import cn.ebike.registration.plate.PlateStatus;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The vehicle's and the plate's state machines: each transition once, an illegal one refused with a 409. */
class VehicleStatusTest {

    private static final Instant T0 = Instant.parse("2026-03-01T02:00:00Z");

    private static Vehicle registered() {
        return Vehicle.register(UUID.randomUUID(), RegistrationCodes.next(), "LTBXA2C35N0000001", "MTR-1", "雅迪",
                "DE2", VehicleCategory.COMPLIANT, BatteryType.LITHIUM, null, UUID.randomUUID(), "dealer-1",
                UUID.randomUUID(), null, "上海市", T0);
    }

    @Test
    void aNewVehicleIsRegisteredAndScrappedOnlyOnce() {
        Vehicle v = registered();
        assertThat(v.status()).isEqualTo(VehicleStatus.REGISTERED);
        assertThat(v.statusName()).isEqualTo("REGISTERED");
        assertThat(v.registeredAt()).isEqualTo(T0);
        v.requirePlateable();

        v.scrap("REF-1", "recycled", T0.plusSeconds(60));
        assertThat(v.status()).isEqualTo(VehicleStatus.SCRAPPED);
        assertThat(v.scrapReference()).isEqualTo("REF-1");
        assertThat(v.scrappedAt()).isEqualTo(T0.plusSeconds(60));

        assertThatThrownBy(() -> v.scrap("REF-2", "again", T0.plusSeconds(120)))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(409));
        // the refused transition left the first scrapping as it was
        assertThat(v.scrapReference()).isEqualTo("REF-1");
        assertThat(v.scrapReason()).isEqualTo("recycled");
        assertThat(v.scrappedAt()).isEqualTo(T0.plusSeconds(60));
        assertThatThrownBy(v::requirePlateable)
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(409));
    }

    @Test
    void aNewPlateIsActiveAndRevokedOnlyOnce() {
        UUID vehicleId = UUID.randomUUID();
        Plate plate = Plate.issue(UUID.randomUUID(), "沪A12345", vehicleId, "dealer-1", T0);
        assertThat(plate.status()).isEqualTo(PlateStatus.ACTIVE);
        assertThat(plate.isActive()).isTrue();
        assertThat(plate.vehicleId()).isEqualTo(vehicleId);
        assertThat(plate.revokedAt()).isNull();

        plate.revoke(T0.plusSeconds(5));
        assertThat(plate.status()).isEqualTo(PlateStatus.REVOKED);
        assertThat(plate.isActive()).isFalse();
        assertThatThrownBy(() -> plate.revoke(T0.plusSeconds(10)))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(409));
        assertThat(plate.revokedAt()).isEqualTo(T0.plusSeconds(5));
    }

    @Test
    void aRegisteredVehicleCanBeScrappedOnce() {
        assertThat(VehicleStatus.REGISTERED.scrap()).isEqualTo(VehicleStatus.SCRAPPED);
        assertThatThrownBy(VehicleStatus.SCRAPPED::scrap).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.status()).isEqualTo(409));
    }

    @Test
    void aScrappedVehicleGetsNoPlate() {
        VehicleStatus.REGISTERED.requirePlateable();
        assertThatThrownBy(VehicleStatus.SCRAPPED::requirePlateable).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.status()).isEqualTo(409));
    }

    @Test
    void anActivePlateCanBeRevokedOnce() {
        assertThat(PlateStatus.ACTIVE.revoke()).isEqualTo(PlateStatus.REVOKED);
        assertThatThrownBy(PlateStatus.REVOKED::revoke).isInstanceOf(ApiException.class);
    }

    @Test
    void registrationCodesAreLongRandomAndReadable() {
        String code = RegistrationCodes.next();
        assertThat(code).hasSize(22).startsWith("EB").matches("EB[0-9A-HJKMNP-TV-Z]{20}");
        assertThat(RegistrationCodes.next()).isNotEqualTo(code);
    }
}
