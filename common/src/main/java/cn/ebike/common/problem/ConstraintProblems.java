package cn.ebike.common.problem;

import java.util.Optional;

/**
 * A service's translation of its database constraints into answers: the unique index on frame numbers
 * becomes "409 frame number already registered", and only when that constraint fired. Implement it as
 * an {@code @ApplicationScoped} bean; {@link ProblemMappers} asks every such bean with the name of the
 * violated constraint. A constraint no bean knows is a plain 409 {@code conflict}.
 */
public interface ConstraintProblems {

    Optional<ApiException> problemFor(String constraintName);
}
