package cn.ebike.tradein.dealer;

import java.time.Instant;
import java.util.UUID;

/** A dealer as every caller sees it: the contact phone is masked. */
public record DealerView(UUID id, String name, String uscc, String address, String district, String contactPhone,
        Instant commitmentSignedAt, boolean tradeInEnabled, boolean authorizedAgent, Instant createdAt,
        String creditGrade, String creditMeasure, Instant lastInspectedAt, Instant authorizationSuspendedAt) {

    public static DealerView of(Dealer d) {
        return new DealerView(d.id(), d.name(), d.uscc(), d.address(), d.district(), d.contactPhoneMasked(),
                d.commitmentSignedAt(), d.tradeInEnabled(), d.authorizedAgent(), d.createdAt(), d.creditGrade(), d.creditMeasure(), d.lastInspectedAt(),
                d.authorizationSuspendedAt());
    }
}
