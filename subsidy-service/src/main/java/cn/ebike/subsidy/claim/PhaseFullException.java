package cn.ebike.subsidy.claim;

/** PostgreSQL's count guard refused one more grant in a phase: the grant's transaction rolls back. */
public class PhaseFullException extends RuntimeException {

    public PhaseFullException(java.util.UUID phaseId) {
        super("phase " + phaseId + " is at its quota", null, false, false);
    }
}
