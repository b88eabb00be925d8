package cn.ebike.common.paging;

import java.util.List;

/** The list shape of the suite: {@code {"items":[...],"page":0,"size":50,"total":123}}. */
public record Page<T>(List<T> items, long page, int size, long total) {

    public static <T> Page<T> of(List<T> items, PageRequest request, long total) {
        return new Page<>(items, request.page(), request.size(), total);
    }
}
