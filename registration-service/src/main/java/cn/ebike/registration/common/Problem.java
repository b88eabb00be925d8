package cn.ebike.registration.common;

import java.util.List;

/** The one error shape of the suite (RFC 9457 problem details, {@code application/problem+json}). */
public record Problem(String type, String title, int status, String detail, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    static final String TYPE_BASE = "https://ebike.local/problems/";

    public static Problem of(int status, String slug, String title, String detail, List<FieldError> errors) {
        return new Problem(TYPE_BASE + slug, title, status, detail, errors == null ? List.of() : List.copyOf(errors));
    }
}
