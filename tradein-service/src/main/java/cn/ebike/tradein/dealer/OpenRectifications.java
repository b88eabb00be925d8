package cn.ebike.tradein.dealer;

import java.util.UUID;

/**
 * What restoring a dealer's authorisation needs to know of its rectifications, implemented by the supervision
 * package (which depends on dealers; dealers depend only on this interface).
 */
public interface OpenRectifications {

    /** {not closed, closed} rectifications of the dealer. */
    long[] outstandingAndClosed(UUID dealerId);
}
