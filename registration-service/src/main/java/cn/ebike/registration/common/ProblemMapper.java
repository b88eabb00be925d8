package cn.ebike.registration.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure into one {@code application/problem+json} shape. Messages are written here,
 * never copied from the exception: Jackson and the database would otherwise echo input values (which
 * may be personal data) or internals back to the caller.
 */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @Inject
    ObjectMapper objectMapper;

    @ServerExceptionMapper
    public Response api(ApiException e) {
        return respond(e.toProblem());
    }

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
        return respond(jsonProblem(e));
    }

    /** Overrides Quarkus' built-in mapper, which answers in another shape and echoes the bad value. */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return respond(jsonProblem(e));
    }

    @ServerExceptionMapper
    public Response invalidFormat(InvalidFormatException e) {
        return respond(jsonProblem(e));
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        return unauthorized();
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e) {
        return unauthorized();
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationCompletionException e) {
        return unauthorized();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return respond(Problem.of(403, "forbidden", "Forbidden", "Your role may not do this.", List.of()));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        JsonProcessingException json = causeOf(e, JsonProcessingException.class);
        if (json != null) {
            return respond(jsonProblem(json));
        }
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        if (e instanceof NotFoundException || status == 404) {
            return respond(Problem.of(404, "not-found", "Not found", "No such resource.", List.of()));
        }
        if (e instanceof NotAllowedException || status == 405) {
            return respond(Problem.of(405, "method-not-allowed", "Method not allowed",
                    "This method is not allowed here.", List.of()));
        }
        if (e instanceof NotSupportedException || status == 415) {
            return respond(Problem.of(415, "unsupported-media-type", "Unsupported media type",
                    "This content type is not accepted here.", List.of()));
        }
        if (e instanceof NotAcceptableException || status == 406) {
            return respond(Problem.of(406, "not-acceptable", "Not acceptable",
                    "No acceptable representation.", List.of()));
        }
        if (status == 413) {
            return respond(Problem.of(413, "payload-too-large", "Payload too large",
                    "The request body is too large.", List.of()));
        }
        if (status == 401) {
            return unauthorized();
        }
        if (status >= 400 && status < 500) {
            return respond(Problem.of(status, "bad-request", "Bad request", "The request was not understood.",
                    List.of()));
        }
        return unexpected(e);
    }

    @ServerExceptionMapper
    public Response bodyTooLarge(BodyTooLargeException e) {
        return respond(ApiException.payloadTooLarge(e.limitBytes()).toProblem());
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        BodyTooLargeException tooLarge = causeOf(e, BodyTooLargeException.class);
        if (tooLarge != null) {
            return bodyTooLarge(tooLarge);
        }
        JsonProcessingException json = causeOf(e, JsonProcessingException.class);
        if (json != null) {
            return respond(jsonProblem(json));
        }
        ApiException api = causeOf(e, ApiException.class);
        if (api != null) {
            return respond(api.toProblem());
        }
        LOG.errorf(e, "unexpected failure (%s)", e.getClass().getName());
        return respond(Problem.of(500, "internal-error", "Internal error",
                "An unexpected error occurred; it has been logged.", List.of()));
    }

    private Response unauthorized() {
        Problem problem = Problem.of(401, "unauthorized", "Unauthorized",
                "A valid bearer token is required.", List.of());
        return Response.status(401).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .type(Problem.MEDIA_TYPE).entity(write(problem)).build();
    }

    Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(write(problem)).build();
    }

    private String write(Problem problem) {
        try {
            return objectMapper.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a problem", e);
        }
    }

    static Problem validationProblem(java.util.Set<? extends ConstraintViolation<?>> violations) {
        List<FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<?> v : violations) {
            errors.add(new FieldError(fieldOf(v.getPropertyPath()), v.getMessage()));
        }
        errors.sort(Comparator.comparing(FieldError::field).thenComparing(FieldError::message));
        return Problem.of(400, "invalid-input", "Invalid input", "The request has invalid fields.", errors);
    }

    /**
     * {@code register.body.frameNumber} → {@code frameNumber}; {@code list.size} → {@code size};
     * {@code create.body.phases[1].quota} → {@code phases[1].quota}; a bad whole body → {@code body}.
     */
    static String fieldOf(Path path) {
        List<Path.Node> nodes = new ArrayList<>();
        path.forEach(nodes::add);
        int start = 0;
        String parameter = null;
        for (int i = 0; i < nodes.size(); i++) {
            ElementKind kind = nodes.get(i).getKind();
            if (kind == ElementKind.METHOD || kind == ElementKind.CONSTRUCTOR) {
                start = i + 1;
            } else if (kind == ElementKind.PARAMETER) {
                parameter = nodes.get(i).getName();
                start = i + 1;
            }
        }
        StringBuilder field = new StringBuilder();
        for (int i = start; i < nodes.size(); i++) {
            Path.Node node = nodes.get(i);
            if (node.isInIterable() && field.length() > 0) {
                field.append('[').append(node.getIndex() != null ? node.getIndex() : node.getKey()).append(']');
            }
            if (node.getName() != null && node.getKind() != ElementKind.CONTAINER_ELEMENT) {
                if (field.length() > 0) {
                    field.append('.');
                }
                field.append(node.getName());
            }
        }
        if (field.length() > 0) {
            return field.toString();
        }
        return parameter == null ? "body" : parameter;
    }

    static Problem jsonProblem(JsonProcessingException e) {
        String field = "body";
        String message = "is not valid JSON";
        if (e instanceof JsonMappingException mapping) {
            String path = pathOf(mapping.getPath());
            if (!path.isEmpty()) {
                field = path;
            }
            message = "has the wrong type or format";
            if (e instanceof InvalidFormatException format) {
                message = expectation(format.getTargetType());
            } else if (e instanceof MismatchedInputException mismatch) {
                message = mismatch.getTargetType() != null ? expectation(mismatch.getTargetType())
                        : "has the wrong type or format";
                if (path.isEmpty()) {
                    message = "must be a JSON object of the documented shape";
                }
            }
        }
        return Problem.of(400, "invalid-input", "Invalid input", "The request body could not be read.",
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
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "must be a number";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "must be an array";
        }
        return "must be an object";
    }

    private static String pathOf(List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : references) {
            if (ref.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static <T extends Throwable> T causeOf(Throwable e, Class<T> type) {
        Throwable current = e;
        for (int depth = 0; current != null && depth < 10; depth++) {
            if (type.isInstance(current)) {
                return type.cast(current);
            }
            current = current.getCause();
        }
        return null;
    }
}
