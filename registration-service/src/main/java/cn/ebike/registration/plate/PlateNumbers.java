package cn.ebike.registration.plate;

import cn.ebike.registration.config.RegistrationConfig;
import cn.ebike.common.problem.ApiException;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.util.regex.Pattern;

/**
 * Plate numbers. The service assigns {@code prefix + zero-padded value of plate_number_seq} (prefix and
 * digits from configuration, one city per deployment, e.g. 浙A000123). Imported legacy plates may have
 * any number of the general form {@link #FORM}; assignment skips numbers already taken by them.
 */
@ApplicationScoped
public class PlateNumbers {

    /** 1-3 Chinese characters (province/city), then 5-10 capital letters or digits; at most 16 characters. */
    public static final Pattern FORM = Pattern.compile("^\\p{IsHan}{1,3}[A-Z0-9]{5,10}$");
    public static final String FORM_MESSAGE = "must be 1-3 Chinese characters followed by 5-10 capital letters or digits";
    private static final int MAX_SKIPS = 1000;
    /**
     * Transaction-level advisory lock: exclusive for plate assignment, shared by import chunks, so a
     * number found free by {@link #next()} cannot be taken by an import before the assignment commits.
     */
    static final long PLATE_NUMBER_LOCK = 0x45425f504c415445L;

    private final EntityManager em;

    private final PlateRepository plates;

    private final RegistrationConfig config;

    public PlateNumbers(EntityManager em, PlateRepository plates, RegistrationConfig config) {
        this.em = em;
        this.plates = plates;
        this.config = config;
    }

    /** Refuses to start when the configured prefix and digits cannot give valid plate numbers. */
    void checkFormat(@Observes StartupEvent event) {
        checkPlateFormat(config.plate().prefix(), config.plate().digits());
    }

    static void checkPlateFormat(String prefix, int digits) {
        if (digits < 4 || digits > 10) {
            throw new IllegalStateException("PLATE_NUMBER_DIGITS must be between 4 and 10 (found " + digits + ").");
        }
        String example = prefix + "0".repeat(digits);
        if (problem(example) != null) {
            throw new IllegalStateException("PLATE_NUMBER_PREFIX '" + prefix + "' with " + digits
                    + " digits does not give valid plate numbers: " + FORM_MESSAGE + ".");
        }
    }

    public static String problem(String plateNumber) {
        return plateNumber != null && plateNumber.length() <= 16 && FORM.matcher(plateNumber).matches() ? null
                : FORM_MESSAGE;
    }

    /**
     * Takes the plate-number lock in shared mode until the end of the current JDBC transaction: import
     * chunks hold it side by side (their conflicts are settled by the unique constraint), while
     * {@link #next()} takes it exclusively.
     */
    public static void lockPlateNumbersShared(java.sql.Connection c) throws java.sql.SQLException {
        try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock_shared(?)::text")) {
            ps.setLong(1, PLATE_NUMBER_LOCK);
            ps.execute();
        }
    }

    /** The next free service-assigned number (call inside the issuing transaction). */
    public String next() {
        em.createNativeQuery("SELECT pg_advisory_xact_lock(?1)::text").setParameter(1, PLATE_NUMBER_LOCK)
                .getSingleResult();
        String prefix = config.plate().prefix();
        int digits = config.plate().digits();
        long limit = (long) Math.pow(10, digits);
        for (int attempt = 0; attempt < MAX_SKIPS; attempt++) {
            long value = ((Number) em.createNativeQuery("SELECT nextval('plate_number_seq')").getSingleResult())
                    .longValue();
            if (value >= limit) {
                throw ApiException.unavailable("Plate numbers " + prefix + " with " + digits
                        + " digits are exhausted; raise PLATE_NUMBER_DIGITS.");
            }
            String number = format(prefix, digits, value);
            if (!plates.existsByNumber(number)) {
                return number;
            }
        }
        throw ApiException.unavailable("No free plate number found after " + MAX_SKIPS + " attempts.");
    }

    static String format(String prefix, int digits, long value) {
        String sequence = Long.toString(value);
        return prefix + "0".repeat(Math.max(0, digits - sequence.length())) + sequence;
    }
}
