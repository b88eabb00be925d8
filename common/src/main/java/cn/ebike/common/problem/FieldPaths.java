package cn.ebike.common.problem;

import com.fasterxml.jackson.databind.JsonMappingException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import java.util.ArrayList;
import java.util.List;

/** How a bad field is named in {@code errors}: the JSON path the client sent, never a Java method path. */
public final class FieldPaths {

    /** Names by which resource methods call their request body: a violation on the whole body is {@code body}. */
    private static final java.util.Set<String> BODY_PARAMETERS = java.util.Set.of("body", "request", "req");

    private FieldPaths() {
    }

    /**
     * {@code register.body.frameNumber} → {@code frameNumber}; {@code list.size} → {@code size};
     * {@code create.request.phases[1].quota} → {@code phases[1].quota}; a violation on a whole body
     * parameter → {@code body}.
     */
    public static String of(Path path) {
        List<Path.Node> nodes = new ArrayList<>();
        path.forEach(nodes::add);
        int start = 0;
        String parameter = null;
        for (int i = 0; i < nodes.size(); i++) {
            ElementKind kind = nodes.get(i).getKind();
            if (kind == ElementKind.METHOD || kind == ElementKind.CONSTRUCTOR || kind == ElementKind.CROSS_PARAMETER
                    || kind == ElementKind.RETURN_VALUE) {
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
                Object at = node.getIndex() != null ? node.getIndex() : node.getKey();
                if (at != null) {
                    field.append('[').append(at).append(']');
                }
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
        return parameter == null || BODY_PARAMETERS.contains(parameter) ? "body" : parameter;
    }

    /** {@code phases[1].quota} from Jackson's reference chain ({@code ""} for the document itself). */
    public static String of(List<JsonMappingException.Reference> references) {
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
}
