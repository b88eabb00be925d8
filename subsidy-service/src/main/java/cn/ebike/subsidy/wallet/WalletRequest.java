package cn.ebike.subsidy.wallet;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * {@code PUT /api/subsidies/wallet}. A wallet id is opaque and issued by the operator: 10 to 64
 * letters, digits or hyphens, starting and ending with a letter or digit.
 */
public record WalletRequest(
        @NotNull @Pattern(regexp = WalletRequest.FORMAT, message = "must be 10 to 64 letters, digits or hyphens, starting and ending with a letter or digit")
        String walletId) {

    public static final String FORMAT = "^[0-9A-Za-z][0-9A-Za-z-]{8,62}[0-9A-Za-z]$";
}
