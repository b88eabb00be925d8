package cn.ebike.registration.importer;

import cn.ebike.common.audit.AuditEntry;
import cn.ebike.common.audit.AuditWriter;
import cn.ebike.common.ids.Ids;
import cn.ebike.registration.audit.AuditLog;
import cn.ebike.registration.common.Times;
import cn.ebike.registration.owner.OwnerService;
import cn.ebike.registration.pii.PiiCrypto;
import cn.ebike.registration.plate.PlateNumbers;
import cn.ebike.registration.particulars.RegistrationCodes;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLongArray;
import javax.sql.DataSource;

/**
 * Writes one chunk of validated rows in one transaction with set-based statements: each step sends
 * whole columns as arrays and lets PostgreSQL {@code unnest} them, so a chunk costs a handful of round
 * trips instead of thousands. Steps: which frame numbers are stored (skip) and which plate numbers are
 * taken (reject); match owners by ID-number hash and insert the missing ones; insert the vehicles
 * ({@code ON CONFLICT (frame_number) DO NOTHING}), their plates ({@code ON CONFLICT (plate_number) DO
 * NOTHING}, a vehicle whose plate was taken meanwhile is removed again and its row rejected), and the
 * audit rows.
 * <p>
 * Several chunks of one file may be written at once (one connection each). Frame and plate numbers are
 * unique within the file by then, so chunks of one file meet only on shared owners, inserted in hash
 * order (they wait for each other, never deadlock). Conflicts with concurrent registrations or imports
 * are decided by the unique constraints; a deadlock or serialization failure is retried.
 */
final class ImportChunkWriter {

    private static final String INSERT_OWNERS = "INSERT INTO owners (id, name_enc, id_number_enc, id_number_hash, "
            + "phone_enc, phone_hash, created_at, created_by) "
            + "SELECT t.id, t.n, t.i, t.ih, t.p, t.ph, ?, ? "
            + "FROM unnest(?::uuid[], ?::bytea[], ?::bytea[], ?::bytea[], ?::bytea[], ?::bytea[]) AS t(id, n, i, ih, p, ph) "
            + "ON CONFLICT (id_number_hash) DO NOTHING RETURNING id_number_hash, id";
    private static final String INSERT_VEHICLES = "INSERT INTO vehicles (id, registration_code, frame_number, "
            + "motor_number, brand, model, category, battery_type, ccc_certificate, owner_id, status, registered_at, "
            + "registered_by, registered_by_dealer_id, filed_at, district) "
            + "SELECT t.id, t.code, t.frame, t.motor, t.brand, t.model, 'NON_STANDARD_FILED', t.battery, NULL, t.owner, "
            + "'REGISTERED', ?, ?, NULL, t.filed::timestamptz, t.district "
            + "FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::uuid[], "
            + "?::text[], ?::text[]) AS t(id, code, frame, motor, brand, model, battery, owner, filed, district) "
            + "ON CONFLICT (frame_number) DO NOTHING RETURNING id";
    private static final String INSERT_PLATES = "INSERT INTO plates (id, plate_number, vehicle_id, status, issued_at, "
            + "issued_by) SELECT t.id, t.pn, t.v, 'ACTIVE', ?, ? FROM unnest(?::uuid[], ?::text[], ?::uuid[]) AS t(id, pn, v) "
            + "ON CONFLICT (plate_number) DO NOTHING RETURNING vehicle_id";
    private static final int MAX_ATTEMPTS = 5;
    static final String[] STEPS = {"checks", "encryption", "owners", "vehicles", "plates", "audit", "commit"};

    private final PiiCrypto crypto;
    private final String actor;
    private final String actorRole;
    /** Nanoseconds spent per step over all chunks (summed across writer threads), for the import's log line. */
    final AtomicLongArray nanos = new AtomicLongArray(STEPS.length);

    ImportChunkWriter(PiiCrypto crypto, String actor, String actorRole) {
        this.crypto = crypto;
        this.actor = actor;
        this.actorRole = actorRole;
    }

    private long lap(int step, long since) {
        long now = System.nanoTime();
        nanos.addAndGet(step, now - since);
        return now;
    }

    /** What one chunk did; merged into the import's report once the chunk is committed. */
    static final class Outcome {
        long imported;
        long skipped;
        long ownersCreated;
        long platesIssued;
        long ownerMismatches;
        final List<ImportError> errors = new ArrayList<>();
    }

    /** Writes and commits the chunk, retrying after a deadlock with a concurrent chunk. */
    Outcome write(DataSource dataSource, List<ImportRow> rows) throws SQLException {
        for (int attempt = 1;; attempt++) {
            try (Connection c = dataSource.getConnection()) {
                boolean autoCommit = c.getAutoCommit();
                c.setAutoCommit(false);
                try {
                    Outcome outcome = write(c, rows);
                    long t = System.nanoTime();
                    c.commit();
                    lap(6, t);
                    return outcome;
                } catch (SQLException e) {
                    c.rollback();
                    if (attempt >= MAX_ATTEMPTS || !retryable(e)) {
                        throw e;
                    }
                } catch (RuntimeException e) {
                    c.rollback();
                    throw e;
                } finally {
                    c.setAutoCommit(autoCommit);
                }
            }
        }
    }

    private static boolean retryable(SQLException e) {
        String state = e.getSQLState();
        return "40P01".equals(state) || "40001".equals(state) || "23505".equals(state);
    }

    private Outcome write(Connection c, List<ImportRow> rows) throws SQLException {
        Outcome outcome = new Outcome();
        OffsetDateTime at = OffsetDateTime.ofInstant(Times.now(), ZoneOffset.UTC);
        long t = System.nanoTime();
        // shared: import chunks run side by side; the service's own plate assignment waits for them
        PlateNumbers.lockPlateNumbersShared(c);

        Set<String> storedFrames = existing(c, "SELECT frame_number FROM vehicles WHERE frame_number = ANY(?)",
                rows.stream().map(r -> r.frameNumber).toArray(String[]::new));
        Set<String> takenPlates = existing(c, "SELECT plate_number FROM plates WHERE plate_number = ANY(?)",
                rows.stream().map(r -> r.plateNumber).filter(p -> p != null).toArray(String[]::new));

        // rows arrive with frame and plate numbers unique within the file (FilingImport.FileOrder)
        List<ImportRow> accepted = new ArrayList<>(rows.size());
        for (ImportRow r : rows) {
            if (storedFrames.contains(r.frameNumber)) {
                outcome.skipped++;
            } else if (r.plateNumber != null && takenPlates.contains(r.plateNumber)) {
                outcome.errors.add(new ImportError(r.line, "plateNumber", "is already assigned to another vehicle"));
            } else {
                accepted.add(r);
            }
        }
        t = lap(0, t);
        if (accepted.isEmpty()) {
            return outcome;
        }

        Map<ByteBuffer, KnownOwner> owners = matchOwners(c, accepted, at, outcome);
        accepted = rejectOwnerMismatches(accepted, owners, outcome);
        for (ImportRow r : accepted) {
            r.vehicleId = Ids.newId();
        }
        t = System.nanoTime();
        if (accepted.isEmpty()) {
            return outcome;
        }

        Set<UUID> inserted = insertVehicles(c, accepted, at);
        List<ImportRow> imported = new ArrayList<>(inserted.size());
        for (ImportRow r : accepted) {
            if (inserted.contains(r.vehicleId)) {
                imported.add(r);
            } else {
                outcome.skipped++; // stored meanwhile by a concurrent chunk or registration
            }
        }
        t = lap(3, t);
        imported = insertPlates(c, imported, at, outcome);
        t = lap(4, t);
        insertAudit(c, at, imported);
        lap(5, t);
        outcome.imported = imported.size();
        return outcome;
    }

    private static Set<String> existing(Connection c, String sql, String[] values) throws SQLException {
        Set<String> found = new HashSet<>();
        if (values.length == 0) {
            return found;
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("text", values));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getString(1));
                }
            }
        }
        return found;
    }

    /** An owner as the import compares it with a row: the name in clear, the phone as its hash. */
    record KnownOwner(UUID id, String name, byte[] phoneHash) {
    }

    /**
     * Owner per ID-number hash: existing owners matched, missing ones inserted (the first row naming them
     * gives their name and phone; later rows must agree, see {@link #rejectOwnerMismatches}).
     */
    private Map<ByteBuffer, KnownOwner> matchOwners(Connection c, List<ImportRow> rows, OffsetDateTime at, Outcome outcome)
            throws SQLException {
        long t = System.nanoTime();
        Map<ByteBuffer, ImportRow> byHash = new HashMap<>();
        for (ImportRow r : rows) {
            byHash.putIfAbsent(ByteBuffer.wrap(r.idHash), r);
        }
        Map<ByteBuffer, KnownOwner> known = selectOwners(c, byHash.keySet());
        // inserted in hash order: two chunks naming the same owners wait for each other, never deadlock
        List<ImportRow> missing = byHash.entrySet().stream().filter(e -> !known.containsKey(e.getKey()))
                .map(Map.Entry::getValue).sorted((a, b) -> Arrays.compareUnsigned(a.idHash, b.idHash)).toList();
        t = lap(2, t);
        if (missing.isEmpty()) {
            return known;
        }
        int n = missing.size();
        UUID[] id = new UUID[n];
        byte[][] name = new byte[n][];
        byte[][] idNumber = new byte[n][];
        byte[][] idHash = new byte[n][];
        byte[][] phone = new byte[n][];
        byte[][] phoneHash = new byte[n][];
        Map<ByteBuffer, ImportRow> missingByHash = new HashMap<>();
        for (int i = 0; i < n; i++) {
            ImportRow r = missing.get(i);
            id[i] = Ids.newId();
            name[i] = crypto.encrypt(OwnerService.NAME, id[i], r.ownerName);
            idNumber[i] = crypto.encrypt(OwnerService.ID_NUMBER, id[i], r.idNumber);
            idHash[i] = r.idHash;
            phone[i] = crypto.encrypt(OwnerService.PHONE, id[i], r.phone);
            phoneHash[i] = crypto.hash(OwnerService.PHONE, r.phone);
            missingByHash.put(ByteBuffer.wrap(r.idHash), r);
        }
        t = lap(1, t);
        try (PreparedStatement ps = c.prepareStatement(INSERT_OWNERS)) {
            ps.setObject(1, at);
            ps.setString(2, actor);
            ps.setArray(3, c.createArrayOf("uuid", id));
            ps.setArray(4, c.createArrayOf("bytea", name));
            ps.setArray(5, c.createArrayOf("bytea", idNumber));
            ps.setArray(6, c.createArrayOf("bytea", idHash));
            ps.setArray(7, c.createArrayOf("bytea", phone));
            ps.setArray(8, c.createArrayOf("bytea", phoneHash));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ByteBuffer hash = ByteBuffer.wrap(rs.getBytes(1));
                    ImportRow first = missingByHash.get(hash);
                    known.put(hash, new KnownOwner(rs.getObject(2, UUID.class), first.ownerName,
                            crypto.hash(OwnerService.PHONE, first.phone)));
                    outcome.ownersCreated++;
                }
            }
        }
        if (outcome.ownersCreated < n) {
            // created meanwhile by a concurrent chunk or POST /api/owners: read them now
            known.putAll(selectOwners(c, missing.stream().map(r -> ByteBuffer.wrap(r.idHash))
                    .filter(h -> !known.containsKey(h)).toList()));
        }
        lap(2, t);
        return known;
    }

    /**
     * The filing decides who owns a filed bike, and a row never silently changes or adopts someone else's
     * owner record: a row whose ID number belongs to an owner with another name or phone (one entered
     * earlier by a dealer, or an earlier row of the file) is rejected with {@code owner-mismatch} line errors.
     * A regulator corrects the owner ({@code PATCH /api/owners/{id}}) and imports the file again.
     */
    private List<ImportRow> rejectOwnerMismatches(List<ImportRow> rows, Map<ByteBuffer, KnownOwner> owners,
            Outcome outcome) {
        List<ImportRow> kept = new ArrayList<>(rows.size());
        for (ImportRow r : rows) {
            KnownOwner owner = owners.get(ByteBuffer.wrap(r.idHash));
            boolean nameDiffers = !owner.name().equals(r.ownerName);
            boolean phoneDiffers = !Arrays.equals(owner.phoneHash(), crypto.hash(OwnerService.PHONE, r.phone));
            if (nameDiffers) {
                outcome.errors.add(new ImportError(r.line, "ownerName", OWNER_MISMATCH
                        + ": the ID number belongs to a known owner with another name"));
            }
            if (phoneDiffers) {
                outcome.errors.add(new ImportError(r.line, "ownerPhone", OWNER_MISMATCH
                        + ": the ID number belongs to a known owner with another phone"));
            }
            if (nameDiffers || phoneDiffers) {
                outcome.ownerMismatches++;
            } else {
                r.ownerId = owner.id();
                kept.add(r);
            }
        }
        return kept;
    }

    static final String OWNER_MISMATCH = "owner-mismatch";

    private Map<ByteBuffer, KnownOwner> selectOwners(Connection c, Collection<ByteBuffer> hashes) throws SQLException {
        Map<ByteBuffer, KnownOwner> found = new HashMap<>();
        if (hashes.isEmpty()) {
            return found;
        }
        byte[][] values = hashes.stream().map(ByteBuffer::array).toArray(byte[][]::new);
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id_number_hash, id, name_enc, phone_hash FROM owners WHERE id_number_hash = ANY(?)")) {
            ps.setArray(1, c.createArrayOf("bytea", values));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    UUID owner = rs.getObject(2, UUID.class);
                    found.put(ByteBuffer.wrap(rs.getBytes(1)), new KnownOwner(owner,
                            crypto.decrypt(OwnerService.NAME, owner, rs.getBytes(3)), rs.getBytes(4)));
                }
            }
        }
        return found;
    }

    private Set<UUID> insertVehicles(Connection c, List<ImportRow> rows, OffsetDateTime at) throws SQLException {
        int n = rows.size();
        UUID[] id = new UUID[n];
        String[] code = new String[n];
        String[] frame = new String[n];
        String[] motor = new String[n];
        String[] brand = new String[n];
        String[] model = new String[n];
        String[] battery = new String[n];
        UUID[] owner = new UUID[n];
        String[] filed = new String[n];
        String[] district = new String[n];
        for (int i = 0; i < n; i++) {
            ImportRow r = rows.get(i);
            id[i] = r.vehicleId;
            code[i] = RegistrationCodes.next();
            frame[i] = r.frameNumber;
            motor[i] = r.motorNumber;
            brand[i] = r.brand;
            model[i] = r.model;
            battery[i] = r.batteryType;
            owner[i] = r.ownerId;
            filed[i] = r.filedAt.toString();
            district[i] = r.district;
        }
        Set<UUID> inserted = new HashSet<>(n * 2);
        try (PreparedStatement ps = c.prepareStatement(INSERT_VEHICLES)) {
            ps.setObject(1, at);
            ps.setString(2, actor);
            ps.setArray(3, c.createArrayOf("uuid", id));
            ps.setArray(4, c.createArrayOf("text", code));
            ps.setArray(5, c.createArrayOf("text", frame));
            ps.setArray(6, c.createArrayOf("text", motor));
            ps.setArray(7, c.createArrayOf("text", brand));
            ps.setArray(8, c.createArrayOf("text", model));
            ps.setArray(9, c.createArrayOf("text", battery));
            ps.setArray(10, c.createArrayOf("uuid", owner));
            ps.setArray(11, c.createArrayOf("text", filed));
            ps.setArray(12, c.createArrayOf("text", district));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    inserted.add(rs.getObject(1, UUID.class));
                }
            }
        }
        return inserted;
    }

    /**
     * Active plates for the rows that carry one. A plate number taken meanwhile (a concurrent chunk with
     * the same number) leaves its vehicle without the plate: that vehicle is deleted again, in this
     * transaction, and the row rejected. Returns the rows that stay imported.
     */
    private List<ImportRow> insertPlates(Connection c, List<ImportRow> rows, OffsetDateTime at, Outcome outcome)
            throws SQLException {
        List<ImportRow> plated = rows.stream().filter(r -> r.plateNumber != null).toList();
        if (plated.isEmpty()) {
            return rows;
        }
        int n = plated.size();
        UUID[] id = new UUID[n];
        String[] number = new String[n];
        UUID[] vehicle = new UUID[n];
        for (int i = 0; i < n; i++) {
            ImportRow r = plated.get(i);
            r.plateId = Ids.newId();
            id[i] = r.plateId;
            number[i] = r.plateNumber;
            vehicle[i] = r.vehicleId;
        }
        Set<UUID> platedVehicles = new HashSet<>(n * 2);
        try (PreparedStatement ps = c.prepareStatement(INSERT_PLATES)) {
            ps.setObject(1, at);
            ps.setString(2, actor);
            ps.setArray(3, c.createArrayOf("uuid", id));
            ps.setArray(4, c.createArrayOf("text", number));
            ps.setArray(5, c.createArrayOf("uuid", vehicle));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    platedVehicles.add(rs.getObject(1, UUID.class));
                }
            }
        }
        outcome.platesIssued = platedVehicles.size();
        if (platedVehicles.size() == n) {
            return rows;
        }
        List<UUID> orphans = new ArrayList<>();
        List<ImportRow> kept = new ArrayList<>(rows.size());
        for (ImportRow r : rows) {
            if (r.plateNumber != null && !platedVehicles.contains(r.vehicleId)) {
                orphans.add(r.vehicleId);
                outcome.errors.add(new ImportError(r.line, "plateNumber", "is already assigned to another vehicle"));
            } else {
                kept.add(r);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM vehicles WHERE id = ANY(?)")) {
            ps.setArray(1, c.createArrayOf("uuid", orphans.toArray()));
            ps.executeUpdate();
        }
        return kept;
    }

    /** One IMPORTED row per vehicle and one PLATE_ISSUED row per plate, in one statement (common's writer). */
    private void insertAudit(Connection c, OffsetDateTime at, List<ImportRow> rows) throws SQLException {
        List<AuditEntry> entries = new ArrayList<>(rows.size() * 2);
        for (ImportRow r : rows) {
            entries.add(AuditEntry.of(actor, "IMPORTED", "VEHICLE", r.vehicleId).at(at.toInstant())
                    .transition(null, "REGISTERED")
                    .detail("NON_STANDARD_FILED frame " + r.frameNumber + " (import line " + r.line + ")")
                    .with("actor_role", actorRole).with("vehicle_id", r.vehicleId));
            if (r.plateNumber != null) {
                entries.add(AuditEntry.of(actor, "PLATE_ISSUED", "PLATE", r.plateId).at(at.toInstant())
                        .transition(null, "ACTIVE")
                        .detail("plate " + r.plateNumber + " (imported)")
                        .with("actor_role", actorRole).with("vehicle_id", r.vehicleId));
            }
        }
        AuditWriter.writeAll(c, AuditLog.TABLE, entries);
    }
}
