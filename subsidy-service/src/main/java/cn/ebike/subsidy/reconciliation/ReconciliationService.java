package cn.ebike.subsidy.reconciliation;

import cn.ebike.common.paging.PageRequest;
import cn.ebike.common.problem.ApiException;
import cn.ebike.subsidy.campaign.Campaign;
import cn.ebike.subsidy.campaign.CampaignRepository;
import cn.ebike.subsidy.claim.Subsidy;
import cn.ebike.subsidy.claim.SubsidyStatus;
import cn.ebike.subsidy.payout.PayoutAttemptRepository;
import cn.ebike.subsidy.payout.PayoutProvider;
import cn.ebike.subsidy.payout.PayoutProvider.ProviderPayment;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A campaign's grants against the provider's statement, without ever holding the campaign's grants in memory: the
 * grants are read phase by phase (in phase id order) in chunks of {@value #CHUNK} keyed on the rank (the unique index
 * {@code (phase_id, rank)}: each chunk an index range, never a scan of the campaign), in the order of the report; each
 * line is handed to a consumer (a page picks its lines, the CSV writes them out) and the totals are added up on the
 * way. What is held for the whole run is the provider's statement, indexed by key, and it shrinks as grants take
 * their payments; a page also loads the payout attempts of its own lines only.
 */
@ApplicationScoped
public class ReconciliationService {

    static final int CHUNK = 1000;

    private final CampaignRepository campaigns;
    private final PayoutAttemptRepository payoutAttempts;
    private final PayoutProvider provider;

    public ReconciliationService(CampaignRepository campaigns, PayoutAttemptRepository payoutAttempts, PayoutProvider provider) {
        this.campaigns = campaigns;
        this.payoutAttempts = payoutAttempts;
        this.provider = provider;
    }

    /** A run's heading and totals: the same on every page and at the end of the CSV. */
    public record Totals(UUID campaignId, Instant generatedAt, String provider, Reconciler.Summary summary,
            List<Reconciler.ProviderLine> unknownProviderPayments) {
    }

    /**
     * One page of the report in the suite's list shape ({@code items, page, size, total}), {@code total} counting the
     * lines the filter keeps, plus the whole campaign's {@code summary} and the provider's payments that belong to
     * no grant (they are few, and are mismatches whichever page is shown).
     */
    public record ReconciliationPage(List<Reconciler.Line> items, long page, int size, long total, boolean mismatchesOnly,
            UUID campaignId, Instant generatedAt, String provider, Reconciler.Summary summary,
            List<Reconciler.ProviderLine> unknownProviderPayments) {
    }

    /** 404 unless the campaign exists. */
    public void requireCampaign(UUID campaignId) {
        QuarkusTransaction.requiringNew().run(() -> campaigns.findByIdOptional(campaignId)
                .orElseThrow(() -> ApiException.notFound("Campaign")));
    }

    /** The campaign's lines as a page; {@code mismatchesOnly} keeps the flagged lines. */
    public ReconciliationPage page(UUID campaignId, PageRequest page, boolean mismatchesOnly) {
        List<Reconciler.Line> picked = new ArrayList<>();
        long[] kept = {0};
        long from = page.beyondAnyResult() ? Long.MAX_VALUE : page.offset();
        Totals totals = run(campaignId, line -> {
            if (mismatchesOnly && line.mismatches().isEmpty()) {
                return;
            }
            long at = kept[0]++;
            if (at >= from && at - from < page.size()) {
                picked.add(line);
            }
        });
        Map<UUID, List<Reconciler.AttemptLine>> attempts = new HashMap<>();
        if (!picked.isEmpty()) {
            QuarkusTransaction.requiringNew().run(() -> payoutAttempts.ofSubsidies(picked.stream().map(Reconciler.Line::subsidyId).toList())
                    .forEach(a -> attempts.computeIfAbsent(a.subsidyId, k -> new ArrayList<>())
                            .add(Reconciler.AttemptLine.of(a))));
        }
        List<Reconciler.Line> items = picked.stream()
                .map(l -> l.withPayouts(attempts.getOrDefault(l.subsidyId(), List.of()))).toList();
        return new ReconciliationPage(items, page.page(), page.size(), kept[0], mismatchesOnly, totals.campaignId(),
                totals.generatedAt(), totals.provider(), totals.summary(), totals.unknownProviderPayments());
    }

    /**
     * Every line of the campaign, in report order, to {@code each}; then the totals. Throws 404 for an unknown campaign
     * before anything is handed over.
     */
    public Totals run(UUID campaignId, Consumer<Reconciler.Line> each) {
        Instant now = Instant.now();
        record Ours(Campaign campaign, Set<String> otherCampaigns, List<UUID> phases) {
        }
        Ours ours = QuarkusTransaction.requiringNew().call(() -> {
            Campaign c = campaigns.findByIdOptional(campaignId).orElseThrow(() -> ApiException.notFound("Campaign"));
            Set<String> others = new HashSet<>();
            campaigns.getEntityManager().createNativeQuery("select cast(id as varchar) from campaign where id <> :c")
                    .setParameter("c", campaignId).getResultList().forEach(o -> others.add(o.toString()));
            List<UUID> phases = new ArrayList<>();
            campaigns.getEntityManager().createNativeQuery("select id from phase where campaign_id = :c order by id")
                    .setParameter("c", campaignId).getResultList().forEach(o -> phases.add((UUID) o));
            return new Ours(c, others, phases);
        });
        // the statement, by key; each grant takes its own payments out, what is left belongs to no grant of ours
        Map<String, List<ProviderPayment>> byKey = new LinkedHashMap<>();
        provider.statement(ours.campaign().createdAt, now.plusSeconds(1),
                p -> byKey.computeIfAbsent(p.idempotencyKey(), k -> new ArrayList<>(1)).add(p));
        Reconciler.Tally tally = new Reconciler.Tally();
        for (UUID phase : ours.phases()) {
            int after = 0;
            while (true) {
                List<Subsidy> chunk = grantsAfter(phase, after);
                for (Subsidy g : chunk) {
                    List<ProviderPayment> at = byKey.remove(g.id().toString());
                    Reconciler.Line line = Reconciler.line(g, at == null ? List.of() : at);
                    if (line.mismatches().contains(Mismatch.PAID_NOT_AT_PROVIDER)) {
                        line = confirm(line);
                    }
                    tally.add(line);
                    each.accept(line);
                }
                if (chunk.size() < CHUNK) {
                    break;
                }
                after = chunk.get(chunk.size() - 1).rank();
            }
        }
        // the keys left: another campaign's grant (that campaign's report flags it), or no grant at all. Only a key
        // that is a UUID can be a grant id; those are looked up by primary key, in chunks (bind-parameter limits)
        List<UUID> keysLeft = new ArrayList<>();
        for (String k : byKey.keySet()) {
            try {
                keysLeft.add(UUID.fromString(k));
            } catch (IllegalArgumentException notAGrantId) {
                // kept in byKey: it belongs to no grant
            }
        }
        Set<String> otherGrants = new HashSet<>();
        for (int from = 0; from < keysLeft.size(); from += CHUNK) {
            List<UUID> keys = keysLeft.subList(from, Math.min(keysLeft.size(), from + CHUNK));
            QuarkusTransaction.requiringNew().run(() -> campaigns.getEntityManager()
                    .createNativeQuery("select cast(id as varchar) from subsidy where id in (:k) and campaign_id <> :c")
                    .setParameter("k", keys)
                    .setParameter("c", campaignId)
                    .getResultList().forEach(o -> otherGrants.add(o.toString())));
        }
        List<Reconciler.ProviderLine> unknown = Reconciler.unknown(campaignId,
                byKey.values().stream().flatMap(List::stream).toList(), otherGrants, ours.otherCampaigns());
        unknown.forEach(tally::addUnknown);
        return new Totals(campaignId, now, provider.name(), tally.summary(), unknown);
    }

    /**
     * The statement is read before the grants (the grants are streamed after it), so a grant paid in between is PAID
     * here with no payment in the statement: the provider is asked again by key before that is called a mismatch.
     * Only such lines are asked about (none when the books agree); an operator that cannot be asked leaves the flag.
     */
    private Reconciler.Line confirm(Reconciler.Line line) {
        try {
            return provider.findByKey(line.subsidyId().toString()).map(p -> line.withProvider(List.of(p))).orElse(line);
        } catch (PayoutProvider.OutcomeUnknown e) {
            return line;
        }
    }

    /**
     * The phase's next chunk of grants after this rank (ranks start at 1), its own transaction. A grant has a rank and
     * a rejection none, so {@code rank > :after} is exactly the phase's grants, read along {@code subsidy_phase_rank}.
     */
    @SuppressWarnings("unchecked")
    private List<Subsidy> grantsAfter(UUID phaseId, int after) {
        return QuarkusTransaction.requiringNew().call(() -> (List<Subsidy>) campaigns.getEntityManager().createNativeQuery("""
                select * from subsidy where phase_id = :p and rank > :r and status <> :rejected order by rank limit :n
                """, Subsidy.class)
                .setParameter("p", phaseId).setParameter("r", after).setParameter("rejected", SubsidyStatus.REJECTED.name())
                .setParameter("n", CHUNK).getResultList());
    }
}
