package cn.ebike.registration.importer;

import java.time.Instant;
import java.util.UUID;

/** A validated CSV row on its way into the database. */
final class ImportRow {
    long line;
    String frameNumber;
    String motorNumber;
    String brand;
    String model;
    String batteryType;
    String ownerName;
    String idNumber;
    String phone;
    Instant filedAt;
    String plateNumber;
    String district;
    byte[] idHash;
    UUID ownerId;
    UUID vehicleId;
    UUID plateId;
}
