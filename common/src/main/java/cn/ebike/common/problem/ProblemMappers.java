package cn.ebike.common.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.enterprise.inject.Instance;
import jakarta.persistence.PersistenceException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure of every service into the registry's problem+json (see {@link ProblemType}).
 * Messages are written here, never copied from an exception: Jackson and the database would otherwise
 * echo input values (which may be personal data) or internals back to the caller. Bad input is always a
 * 400 naming each field, a dependency that cannot be reached a 503, anything unexpected a 500 whose
 * stack trace goes to the log and nowhere else.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    private final Instance<ConstraintProblems> constraintProblems;

    public ProblemMappers(Instance<ConstraintProblems> constraintProblems) {
        this.constraintProblems = constraintProblems;
    }

    // ---- our own answers ---------------------------------------------------------------------------
    @ServerExceptionMapper
    public Response api(ApiException e) {
        if (e.status() >= 500) {
            LOG.warnf("%d %s: %s", e.status(), e.slug(), e.getMessage());
        }
        return respond(e.toProblem(), e.headers());
    }

    // ---- bad input ---------------------------------------------------------------------------------
    @ServerExceptionMapper
    public Response violations(ConstraintViolationException e) {
        for (ConstraintViolation<?> v : e.getConstraintViolations()) {
            for (Path.Node node : v.getPropertyPath()) {
                if (node.getKind() == ElementKind.RETURN_VALUE) {
                    return unexpected(e); // our bug, not the caller's
                }
            }
        }
        return respond(validationProblem(e.getConstraintViolations()));
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        BodyTooLargeException tooLarge = causeOf(e, BodyTooLargeException.class);
        if (tooLarge != null) {
            return bodyTooLarge(tooLarge);
        }
        return respond(jsonProblem(e));
    }

    /** Overrides Quarkus' built-in mappers, which answer in another shape and echo the bad value. */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return respond(jsonProblem(e));
    }

    @ServerExceptionMapper
    public Response invalidFormat(InvalidFormatException e) {
        return respond(jsonProblem(e));
    }

    @ServerExceptionMapper
    public Response bodyTooLarge(BodyTooLargeException e) {
        return api(ApiException.payloadTooLarge(e.limitBytes()));
    }

    // ---- who is calling ----------------------------------------------------------------------------
    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        return unauthorized();
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e) {
        return unauthorized();
    }

    @ServerExceptionMapper
    public Response authenticationIncomplete(AuthenticationCompletionException e) {
        return unauthorized();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return respond(Problem.of(ProblemType.FORBIDDEN, "Your role may not do this."));
    }

    // ---- what this service depends on ------------------------------------------------------------
    @ServerExceptionMapper
    public Response faultTolerance(FaultToleranceException e) {
        LOG.warnf("a dependency is unavailable: %s", e.toString());
        return unavailable("A service this request depends on is unavailable; nothing was changed, try again later.");
    }

    @ServerExceptionMapper
    public Response processing(ProcessingException e) {
        JsonProcessingException json = causeOf(e, JsonProcessingException.class);
        if (json != null) {
            return respond(jsonProblem(json));
        }
        LOG.warnf("a dependency is unavailable: %s", e.toString());
        return unavailable("A service this request depends on is unavailable; nothing was changed, try again later.");
    }

    @ServerExceptionMapper
    public Response persistence(PersistenceException e) {
        return database(e);
    }

    // ---- the HTTP layer ----------------------------------------------------------------------------
    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        JsonProcessingException json = causeOf(e, JsonProcessingException.class);
        if (json != null) {
            return respond(jsonProblem(json));
        }
        if (e.getClass().getName().startsWith("org.jboss.resteasy.reactive.client")) {
            // an answer of another service we did not handle: never pass its status through as ours
            LOG.warnf("unexpected answer from a dependency: %s", e.toString());
            return unavailable("A service this request depends on answered unexpectedly; try again later.");
        }
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        return switch (status) {
            case 401 -> unauthorized();
            case 403 -> respond(Problem.of(ProblemType.FORBIDDEN, "Your role may not do this."));
            case 404 -> respond(Problem.of(ProblemType.NOT_FOUND, "No such resource."));
            case 405 -> respond(Problem.of(ProblemType.METHOD_NOT_ALLOWED, "This method is not allowed here."));
            case 406 -> respond(Problem.of(ProblemType.NOT_ACCEPTABLE, "No acceptable representation."));
            case 408 -> respond(Problem.of(ProblemType.REQUEST_TIMEOUT, "The request was not received in time."));
            case 413 -> respond(Problem.of(ProblemType.PAYLOAD_TOO_LARGE, "The request body is too large."));
            case 415 -> respond(Problem.of(ProblemType.UNSUPPORTED_MEDIA_TYPE, "This content type is not accepted here."));
            case 503 -> unavailable("The service is unavailable; try again later.");
            default -> status >= 400 && status < 500
                    ? respond(Problem.of(ProblemType.INVALID_INPUT, "The request was not understood.",
                            List.of(new FieldError("body", "the request was not understood"))))
                    : unexpected(e);
        };
    }

    // ---- anything else -----------------------------------------------------------------------------
    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        ApiException api = causeOf(e, ApiException.class);
        if (api != null) {
            return api(api);
        }
        BodyTooLargeException tooLarge = causeOf(e, BodyTooLargeException.class);
        if (tooLarge != null) {
            return bodyTooLarge(tooLarge);
        }
        JsonProcessingException json = causeOf(e, JsonProcessingException.class);
        if (json != null) {
            return respond(jsonProblem(json));
        }
        if (causeOf(e, FaultToleranceException.class) != null || causeOf(e, ProcessingException.class) != null) {
            LOG.warnf("a dependency is unavailable: %s", e.toString());
            return unavailable("A service this request depends on is unavailable; nothing was changed, try again later.");
        }
        if (causeOf(e, PersistenceException.class) != null || causeOf(e, java.sql.SQLException.class) != null) {
            return database(e);
        }
        LOG.errorf(e, "unexpected failure (%s)", e.getClass().getName());
        return respond(Problem.of(ProblemType.INTERNAL_ERROR, "An unexpected error occurred; it has been logged."));
    }

    /**
     * A failed database write: a constraint the service knows becomes its answer (and only when that
     * constraint fired); unknown unique violations are a plain conflict; text the database cannot store
     * (a NUL) is invalid input; a lost connection is 503.
     */
    Response database(Throwable e) {
        if (DatabaseErrors.unreachable(e)) {
            LOG.warnf("database unavailable: %s", e.toString());
            return unavailable("The database is unavailable; nothing was recorded, try again later.");
        }
        Optional<String> constraint = DatabaseErrors.violatedConstraint(e);
        if (constraint.isPresent()) {
            for (ConstraintProblems known : constraintProblems) {
                Optional<ApiException> answer = known.problemFor(constraint.get());
                if (answer.isPresent()) {
                    return api(answer.get());
                }
            }
            LOG.warnf("write refused by constraint %s", constraint.get());
            return respond(Problem.of(ProblemType.CONFLICT,
                    "The request conflicts with the current state of the records; nothing was changed."));
        }
        String state = DatabaseErrors.sqlState(e).orElse("");
        if (state.equals(DatabaseErrors.CHARACTER_NOT_IN_REPERTOIRE)) {
            return respond(Problem.of(ProblemType.INVALID_INPUT, "The request has invalid fields.",
                    List.of(new FieldError("body", "contains characters that are not allowed"))));
        }
        if (state.equals(DatabaseErrors.STRING_DATA_RIGHT_TRUNCATION)
                || state.equals(DatabaseErrors.NUMERIC_VALUE_OUT_OF_RANGE)) {
            return respond(Problem.of(ProblemType.INVALID_INPUT, "The request has invalid fields.",
                    List.of(new FieldError("body", "a value is longer or larger than allowed"))));
        }
        LOG.errorf(e, "unexpected database failure (%s)", e.getClass().getName());
        return respond(Problem.of(ProblemType.INTERNAL_ERROR, "An unexpected error occurred; it has been logged."));
    }

    // ---- building answers --------------------------------------------------------------------------
    public static Response respond(Problem problem) {
        return respond(problem, Map.of());
    }

    public static Response respond(Problem problem, Map<String, String> headers) {
        Response.ResponseBuilder builder = Response.status(problem.status()).type(Problem.MEDIA_TYPE)
                .entity(problem.toJson());
        headers.forEach(builder::header);
        return builder.build();
    }

    private static Response unauthorized() {
        return respond(Problem.of(ProblemType.UNAUTHORIZED, "A valid bearer token is required."),
                Map.of("WWW-Authenticate", "Bearer"));
    }

    private static Response unavailable(String detail) {
        return respond(Problem.of(ProblemType.SERVICE_UNAVAILABLE, detail), Map.of("Retry-After", "5"));
    }

    public static Problem validationProblem(java.util.Set<? extends ConstraintViolation<?>> violations) {
        List<FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<?> v : violations) {
            errors.add(new FieldError(FieldPaths.of(v.getPropertyPath()), v.getMessage()));
        }
        errors.sort(Comparator.comparing(FieldError::field).thenComparing(FieldError::message));
        return Problem.of(ProblemType.INVALID_INPUT, "The request has invalid fields.", errors);
    }

    public static Problem jsonProblem(JsonProcessingException e) {
        String field = "body";
        String message = "is not valid JSON";
        if (e instanceof JsonMappingException mapping) {
            String path = FieldPaths.of(mapping.getPath());
            if (!path.isEmpty()) {
                field = path;
            }
            message = "has the wrong type or format";
            if (e instanceof UnrecognizedPropertyException) {
                message = "is not a known field";
            } else if (e instanceof InvalidFormatException format) {
                message = expectation(format.getTargetType());
            } else if (e instanceof MismatchedInputException mismatch) {
                message = mismatch.getTargetType() != null ? expectation(mismatch.getTargetType())
                        : "has the wrong type or format";
                if (path.isEmpty()) {
                    message = "must be a JSON object of the documented shape";
                }
            }
        }
        return Problem.of(ProblemType.INVALID_INPUT, "The request body could not be read.",
                List.of(new FieldError(field, message)));
    }

    private static String expectation(Class<?> type) {
        if (type == null) {
            return "has the wrong type or format";
        }
        if (type.isEnum()) {
            return "must be one of " + Arrays.toString(type.getEnumConstants());
        }
        if (type == UUID.class) {
            return "must be a UUID";
        }
        if (type == Instant.class) {
            return "must be an RFC 3339 time, e.g. 2026-06-01T08:00:00Z";
        }
        if (type == LocalDate.class) {
            return "must be a date, e.g. 2026-06-01";
        }
        if (type == String.class) {
            return "must be a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "must be true or false";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class || type == java.math.BigInteger.class) {
            return "must be a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "must be a number";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "must be an array";
        }
        return "must be an object";
    }

    static <T extends Throwable> T causeOf(Throwable e, Class<T> type) {
        Throwable current = e;
        for (int depth = 0; current != null && depth < 12; depth++) {
            if (type.isInstance(current)) {
                return type.cast(current);
            }
            current = current.getCause() == current ? null : current.getCause();
        }
        return null;
    }
}
