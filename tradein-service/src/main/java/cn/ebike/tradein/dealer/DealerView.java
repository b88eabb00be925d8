package cn.ebike.tradein.dealer;

import java.time.Instant;
import java.util.UUID;

/** A dealer as every caller sees it: the contact phone is masked. */
public record DealerView(UUID id, String name, String uscc, String address, String district, String contactPhone,
        Instant commitmentSignedAt, boolean tradeInEnabled, boolean authorizedAgent, Instant createdAt) {

    static DealerView of(Dealer d) {
        return new DealerView(d.id(), d.name(), d.uscc(), d.address(), d.district(), d.contactPhoneMasked(),
                d.commitmentSignedAt(), d.tradeInEnabled(), d.authorizedAgent(), d.createdAt());
    }
}
