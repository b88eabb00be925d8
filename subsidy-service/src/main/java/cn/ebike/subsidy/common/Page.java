package cn.ebike.subsidy.common;

import java.util.List;

/** The suite's list shape: {@code {"items","page","size","total"}}. */
public record Page<T>(List<T> items, int page, int size, long total) {
}
