package cn.ebike.registration.plate;

import java.util.UUID;

/** What the plate feature needs to know of a vehicle (the vehicle's entity implements it). */
public interface PlatedVehicle {

    UUID id();

    String registrationCode();

    String categoryName();

    String brand();

    String model();

    String statusName();

    UUID ownerId();

    /** 409 unless the vehicle may receive a plate (a scrapped one may not). */
    void requirePlateable();
}
