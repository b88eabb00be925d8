package cn.ebike.subsidy.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** Answer of a bulk read: the objects found (unknown ids are simply absent). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LookupAnswer<T>(List<T> items) {
}
