package cn.ebike.registration.common;

import java.util.List;

/** The list shape of the suite: {@code {"items":[...],"page":0,"size":50,"total":123}}. */
public record Page<T>(List<T> items, int page, int size, long total) {
}
