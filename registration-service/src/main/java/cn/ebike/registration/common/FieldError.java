package cn.ebike.registration.common;

/** One bad input field in a problem+json answer: {@code field} is a JSON path or a parameter name. */
public record FieldError(String field, String message) {
}
