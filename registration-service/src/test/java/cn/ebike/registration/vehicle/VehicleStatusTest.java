package cn.ebike.registration.vehicle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.ebike.common.problem.ApiException;
import cn.ebike.registration.plate.PlateStatus;
import org.junit.jupiter.api.Test;

class VehicleStatusTest {

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
