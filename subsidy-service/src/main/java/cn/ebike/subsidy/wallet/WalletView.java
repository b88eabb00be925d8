package cn.ebike.subsidy.wallet;

import java.time.Instant;
import java.util.UUID;

/** A bound wallet as answered: the id masked ({@code 0021********5678}). */
public record WalletView(UUID ownerId, String walletId, Instant boundAt, Instant updatedAt, long subsidiesAwaitingPayout) {
}
