package cn.ebike.tradein.tradein;

/**
 * The regulator's figures. {@code activationRate} = dealers with trade-in enabled ÷ dealers (0 when there
 * are none). {@code claimsUndelivered} is extra: completed trade-ins whose claim subsidy-service does not
 * have yet.
 */
public record TradeInStats(long dealers, long commitmentSigned, long tradeInEnabled, double activationRate,
        long authorizedAgents, long tradeInsOpen, long tradeInsCompleted, long tradeInsCancelled,
        long claimsUndelivered) {

    public static double activationRate(long tradeInEnabled, long dealers) {
        return dealers == 0 ? 0.0 : (double) tradeInEnabled / dealers;
    }
}
