package cn.ebike.subsidy.common;

/** A state machine refused a transition: answered 409. */
public class IllegalTransitionException extends ApiException {

    public IllegalTransitionException(String object, Enum<?> from, String transition) {
        super(409, "illegal-state-transition", "Conflict",
                object + " in status " + from + " cannot " + transition, null);
    }
}
