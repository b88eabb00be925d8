package cn.ebike.tradein.tradein;

import cn.ebike.common.problem.ApiException;
import cn.ebike.common.problem.ProblemType;

/** A transition the trade-in state machine does not allow from where it is: 409. */
public class IllegalTransitionException extends ApiException {

    private final TradeInStatus from;
    private final String action;

    public IllegalTransitionException(TradeInStatus from, String action) {
        super(ProblemType.CONFLICT, "illegal-transition", "cannot " + action + " a trade-in that is " + from);
        this.from = from;
        this.action = action;
    }

    IllegalTransitionException(TradeInStatus from, String action, String detail) {
        super(ProblemType.CONFLICT, "illegal-transition", detail);
        this.from = from;
        this.action = action;
    }

    public TradeInStatus from() {
        return from;
    }

    public String action() {
        return action;
    }
}
