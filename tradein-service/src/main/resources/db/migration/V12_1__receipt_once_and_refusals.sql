-- Issue 12 (money path hardening). Numbered 12.x so it cannot collide with another branch's next version.
--
-- 1. A recycling receipt is one recycled bike: the receipt number, normalised (Unicode NFKC, trimmed,
--    upper-cased: TradeIn.receiptKey), may back at most one trade-in, at any dealer, cancelled ones
--    included (the bike it proves was scrapped all the same). Rows written before keep their key only on
--    the earliest trade-in per receipt, so this migration cannot fail on old duplicates; the later ones
--    stay visible as refusals below for the regulators' signals.
ALTER TABLE trade_ins ADD COLUMN recycling_receipt_key varchar(256);
UPDATE trade_ins t SET recycling_receipt_key = upper(btrim(normalize(t.recycling_receipt_no, NFKC)))
 WHERE t.recycling_receipt_no IS NOT NULL
   AND t.id = (SELECT f.id FROM trade_ins f
                WHERE upper(btrim(normalize(f.recycling_receipt_no, NFKC))) = upper(btrim(normalize(t.recycling_receipt_no, NFKC)))
                ORDER BY f.recycled_at, f.id LIMIT 1);
CREATE UNIQUE INDEX trade_ins_receipt_once ON trade_ins (recycling_receipt_key)
    WHERE recycling_receipt_key IS NOT NULL;

-- 2. Attempts the trade-in rules refused (a receipt presented again, a new bike that was not bought in the
--    trade-in): refused is not forgotten. Written in a transaction of their own, so the refusal (409) and
--    its record do not depend on each other; read by the regulators' fraud signals.
CREATE TABLE refused_attempts (
    id          uuid         PRIMARY KEY,
    at          timestamptz  NOT NULL,
    kind        varchar(64)  NOT NULL,
    dealer_id   uuid         NOT NULL,
    trade_in_id uuid         NOT NULL,
    subject     varchar(200),
    detail      varchar(500)
);
CREATE INDEX refused_attempts_kind ON refused_attempts (kind, at DESC);
INSERT INTO refused_attempts (id, at, kind, dealer_id, trade_in_id, subject, detail)
SELECT gen_random_uuid(), coalesce(t.recycled_at, t.opened_at), 'receipt-already-used', t.dealer_id, t.id,
       upper(btrim(normalize(t.recycling_receipt_no, NFKC))), 'recorded before the rule existed'
  FROM trade_ins t
 WHERE t.recycling_receipt_no IS NOT NULL AND t.recycling_receipt_key IS NULL;
