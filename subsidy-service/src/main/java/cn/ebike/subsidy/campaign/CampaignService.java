package cn.ebike.subsidy.campaign;

import cn.ebike.common.problem.FieldError;
import cn.ebike.subsidy.audit.AuditTrail;
import cn.ebike.common.problem.ApiException;
import cn.ebike.common.security.Caller;
import cn.ebike.common.paging.Page;
import cn.ebike.common.paging.PageRequest;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

@ApplicationScoped
public class CampaignService {

    private final CampaignRepository campaigns;
    private final PhaseRepository phases;
    private final AuditTrail audit;
    private final Validator validator;

    private final long cacheTtlNanos;
    private final jakarta.transaction.TransactionSynchronizationRegistry txRegistry;

    public CampaignService(CampaignRepository campaigns, PhaseRepository phases, AuditTrail audit, Validator validator,
            cn.ebike.subsidy.config.SubsidyConfig config, jakarta.transaction.TransactionSynchronizationRegistry txRegistry) {
        this.campaigns = campaigns;
        this.phases = phases;
        this.audit = audit;
        this.validator = validator;
        this.txRegistry = txRegistry;
        this.cacheTtlNanos = config.campaignCacheTtl().toNanos();
    }

    /** Every bad field at once: Bean Validation and the phase-window rules are checked together. */
    public void validate(CampaignRequest request) {
        if (request == null) {
            throw ApiException.invalid("body", "must not be empty");
        }
        List<FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<CampaignRequest> v : validator.validate(request)) {
            errors.add(new FieldError(fieldPath(v), v.getMessage()));
        }
        errors.addAll(PhasePlan.check(request.phases()));
        if (!errors.isEmpty()) {
            errors.sort(Comparator.comparing(FieldError::field));
            throw ApiException.invalid(errors);
        }
    }

    private static String fieldPath(ConstraintViolation<?> v) {
        return cn.ebike.common.problem.FieldPaths.of(v.getPropertyPath());
    }

    /**
     * Creates a campaign. Campaigns of one district are created one at a time (transaction-scoped
     * advisory lock on the district) so that two campaigns can never get overlapping phases: a claim
     * must map to exactly one phase.
     */
    @Transactional
    public CampaignView create(CampaignRequest request, Caller caller) {
        validate(request);
        String district = request.district().trim();
        campaigns.lockDistrict(district);
        List<Campaign> sameDistrict = campaigns.list("district", district);
        List<Phase> existing = phases.ofCampaigns(sameDistrict.stream().map(c -> c.id).toList());
        for (CampaignRequest.PhaseRequest p : request.phases()) {
            for (Phase e : existing) {
                if (p.startsAt().isBefore(e.endsAt) && e.startsAt.isBefore(p.endsAt())) {
                    throw ApiException.conflict("phase-overlaps-campaign",
                            "Phase '" + p.name() + "' overlaps phase '" + e.name + "' of campaign " + e.campaignId
                                    + " in district " + district + ": a trade-in must map to exactly one phase");
                }
            }
        }
        Campaign c = new Campaign();
        c.id = UUID.randomUUID();
        c.name = request.name().trim();
        c.district = district;
        c.filedBefore = request.filedBefore();
        c.createdAt = Instant.now();
        c.createdBy = caller.actor();
        campaigns.persist(c);
        List<CampaignRequest.PhaseRequest> ordered = request.phases().stream()
                .sorted(Comparator.comparing(CampaignRequest.PhaseRequest::startsAt)).toList();
        List<Phase> created = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
            CampaignRequest.PhaseRequest r = ordered.get(i);
            Phase p = new Phase();
            p.id = UUID.randomUUID();
            p.campaignId = c.id;
            p.seq = i + 1;
            p.name = r.name().trim();
            p.startsAt = r.startsAt();
            p.endsAt = r.endsAt();
            p.amountFen = r.amountFen();
            p.quota = r.quota();
            p.granted = 0;
            phases.persist(p);
            created.add(p);
        }
        CampaignView view = CampaignView.of(c, created);
        // forget the district's cached campaigns once this one is committed (not before: a reload in
        // between would cache the district without it)
        txRegistry.registerInterposedSynchronization(new jakarta.transaction.Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                districtCache.remove(district);
            }
        });
        audit.record(caller.actor(), "CAMPAIGN_CREATED", AuditTrail.CAMPAIGN, c.id, null, null,
                "district=" + district + ", phases=" + created.size() + ", budgetFen=" + view.budgetFen());
        return view;
    }

    @Transactional
    public Optional<CampaignView> find(UUID id) {
        return campaigns.findByIdOptional(id).map(c -> CampaignView.of(c, phases.ofCampaign(c.id)));
    }

    @Transactional
    public Page<CampaignView> list(Optional<String> district, PageRequest page) {
        var query = district.isPresent()
                ? campaigns.find("district", Sort.descending("createdAt").and("id"), district.get().trim())
                : campaigns.findAll(Sort.descending("createdAt").and("id"));
        List<Campaign> items = page.beyondAnyResult() ? List.of() : query.page(page.intPage(), page.size()).list();
        long total = query.count();
        Map<UUID, List<Phase>> byCampaign = phases.ofCampaigns(items.stream().map(c -> c.id).toList()).stream()
                .collect(Collectors.groupingBy(p -> p.campaignId));
        return new Page<>(items.stream().map(c -> CampaignView.of(c, byCampaign.getOrDefault(c.id, List.of()))).toList(),
                page.page(), page.size(), total);
    }

    /**
     * The campaigns of a district with their phases (what a claim's phase is chosen from). Campaigns and
     * phases never change once created, so this is kept for {@code subsidy.campaign-cache-ttl}: a campaign
     * created on another instance is seen here at most that much later (this instance's own creations at
     * once). The live {@code granted} counts of these copies are never used.
     */
    public DistrictCampaigns ofDistrict(String district) {
        String key = district == null ? "" : district.trim();
        long now = System.nanoTime();
        CachedDistrict cached = districtCache.get(key);
        if (cached != null && now - cached.loadedAt() < cacheTtlNanos) {
            return cached.value();
        }
        DistrictCampaigns fresh = io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> {
            List<Campaign> cs = key.isEmpty() ? List.of() : campaigns.list("district", key);
            Map<UUID, List<Phase>> byCampaign = phases.ofCampaigns(cs.stream().map(c -> c.id).toList()).stream()
                    .collect(Collectors.groupingBy(p -> p.campaignId));
            return new DistrictCampaigns(List.copyOf(cs), Map.copyOf(byCampaign));
        });
        if (districtCache.size() > 10_000) {
            districtCache.clear();
        }
        districtCache.put(key, new CachedDistrict(now, fresh));
        return fresh;
    }

    private record CachedDistrict(long loadedAt, DistrictCampaigns value) {
    }

    private final java.util.concurrent.ConcurrentMap<String, CachedDistrict> districtCache =
            new java.util.concurrent.ConcurrentHashMap<>();

    public record DistrictCampaigns(List<Campaign> campaigns, Map<UUID, List<Phase>> phases) {
    }
}
