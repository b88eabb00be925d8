package cn.ebike.subsidy.common;

import cn.ebike.common.problem.ApiException;
import cn.ebike.common.problem.ProblemType;

import cn.ebike.common.problem.ApiException;

/** A state machine refused a transition: answered 409. */
public class IllegalTransitionException extends ApiException {

    public IllegalTransitionException(String object, Enum<?> from, String transition) {
        super(ProblemType.CONFLICT, "illegal-state-transition", object + " in status " + from + " cannot " + transition);
    }
}
