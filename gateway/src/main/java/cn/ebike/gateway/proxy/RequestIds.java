package cn.ebike.gateway.proxy;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Random (version 4 layout) UUIDs for X-Request-Id. A request id needs to be unique, not secret,
 * so it comes from ThreadLocalRandom instead of UUID.randomUUID()'s SecureRandom, whose shared lock
 * the event loops would otherwise queue on for every request.
 */
final class RequestIds {

    private RequestIds() {
    }

    static String next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long msb = (random.nextLong() & 0xffffffffffff0fffL) | 0x0000000000004000L;
        long lsb = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }
}
