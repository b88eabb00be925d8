package cn.ebike.common.problem;

/** One bad input field of a problem: {@code field} is a JSON path ({@code phases[1].quota}) or a parameter name. */
public record FieldError(String field, String message) {
}
