package cn.ebike.gateway.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** The one error shape of the suite: RFC 9457 problem details with the bad fields listed. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://ebike.local/problems/";

    public record FieldError(String field, String message) {
    }

    public static Problem of(int status, String slug, String title, String detail) {
        return new Problem(TYPE_BASE + slug, title, status, detail, List.of());
    }

    public static Problem of(int status, String slug, String title, String detail, List<FieldError> errors) {
        return new Problem(TYPE_BASE + slug, title, status, detail, errors == null ? List.of() : errors);
    }

    /** Serialised by hand on the router path, where no Jackson mapper runs. */
    public String toJson() {
        JsonArray list = new JsonArray();
        if (errors != null) {
            errors.forEach(e -> list.add(new JsonObject().put("field", e.field()).put("message", e.message())));
        }
        return new JsonObject().put("type", type).put("title", title).put("status", status)
                .put("detail", detail).put("errors", list).encode();
    }
}
