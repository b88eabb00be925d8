package cn.ebike.common.problem;

import java.io.IOException;

/** Thrown while reading a request body that turns out to be larger than its limit. */
public class BodyTooLargeException extends IOException {

    private final long limitBytes;

    public BodyTooLargeException(long limitBytes) {
        super("request body over " + limitBytes + " bytes");
        this.limitBytes = limitBytes;
    }

    public long limitBytes() {
        return limitBytes;
    }
}
