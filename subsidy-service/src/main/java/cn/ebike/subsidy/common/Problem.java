package cn.ebike.subsidy.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The one error shape of the suite: RFC 9457 problem details plus the list of bad fields. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://ebike.local/problems/";

    public record FieldError(String field, String message) {
    }

    public static Problem of(int status, String slug, String title, String detail, List<FieldError> errors) {
        return new Problem(TYPE_BASE + slug, title, status, detail, errors == null || errors.isEmpty() ? null : errors);
    }
}
