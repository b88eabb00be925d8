package cn.ebike.subsidy.reconciliation;

import cn.ebike.subsidy.common.Money;
import java.util.List;
import java.util.stream.Collectors;

/** The reconciliation as CSV for finance: one line per grant, then one per unknown provider payment. */
public final class ReconciliationCsv {

    static final String HEADER = "subsidyId,tradeInId,ownerId,phaseId,rank,status,amountFen,amountYuan,grantedAt,paidAt,"
            + "payoutAttempts,providerPaymentIds,providerAmountFen,providerPaidAt,mismatches";

    private ReconciliationCsv() {
    }

    /** The whole report as one string (the tests' reference for the streamed CSV). */
    public static String write(Reconciler.Report report) {
        StringBuilder sb = new StringBuilder(header());
        report.items().forEach(l -> sb.append(line(l)));
        report.unknownProviderPayments().forEach(p -> sb.append(unknown(p)));
        return sb.toString();
    }

    public static String header() {
        return HEADER + "\r\n";
    }

    /** One grant's line, CRLF-terminated. */
    public static String line(Reconciler.Line l) {
        StringBuilder sb = new StringBuilder(256);
        row(sb, List.of(str(l.subsidyId()), str(l.tradeInId()), str(l.ownerId()), str(l.phaseId()), str(l.rank()),
                str(l.status()), Long.toString(l.amountFen()), Money.yuan(l.amountFen()), str(l.grantedAt()),
                str(l.paidAt()), Integer.toString(l.payoutAttempts()),
                l.provider().stream().map(Reconciler.ProviderLine::paymentId).collect(Collectors.joining(" ")),
                l.provider().stream().map(p -> Long.toString(p.amountFen())).collect(Collectors.joining(" ")),
                l.provider().stream().map(p -> str(p.paidAt())).collect(Collectors.joining(" ")),
                l.mismatches().stream().map(Enum::name).collect(Collectors.joining(" "))));
        return sb.toString();
    }

    /** A provider's payment that belongs to no grant, CRLF-terminated. */
    public static String unknown(Reconciler.ProviderLine p) {
        StringBuilder sb = new StringBuilder(160);
        row(sb, List.of("", "", "", "", "", "", "", "", "", "", "", p.paymentId(), Long.toString(p.amountFen()),
                str(p.paidAt()), Mismatch.PROVIDER_PAYMENT_FOR_UNKNOWN_GRANT.name() + " key=" + p.idempotencyKey()));
        return sb.toString();
    }

    private static String str(Object o) {
        return o == null ? "" : o.toString();
    }

    private static void row(StringBuilder sb, List<String> cells) {
        sb.append(cells.stream().map(ReconciliationCsv::cell).collect(Collectors.joining(","))).append("\r\n");
    }

    /**
     * RFC 4180 quoting; a cell starting with = + - @ (or tab/CR) is prefixed with ' so a spreadsheet
     * never runs it as a formula.
     */
    static String cell(String v) {
        String s = v;
        if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
            s = "'" + s;
        }
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }
}
