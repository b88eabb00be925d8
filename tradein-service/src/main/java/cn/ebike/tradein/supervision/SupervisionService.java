package cn.ebike.tradein.supervision;

import cn.ebike.common.paging.Page;
import cn.ebike.common.paging.PageRequest;
import cn.ebike.common.problem.ApiException;
import cn.ebike.common.problem.FieldError;
import cn.ebike.common.security.Caller;
import cn.ebike.common.security.Roles;
import cn.ebike.tradein.audit.Actor;
import cn.ebike.tradein.audit.AuditTrail;
import cn.ebike.common.qr.QrSvg;
import cn.ebike.tradein.common.Times;
import cn.ebike.tradein.config.TradeInConfig;
import cn.ebike.tradein.dealer.Dealer;
import cn.ebike.tradein.dealer.DealerRepository;
import cn.ebike.tradein.supervision.SupervisionViews.CreditView;
import cn.ebike.tradein.supervision.SupervisionViews.DueForInspection;
import cn.ebike.tradein.supervision.SupervisionViews.InspectionView;
import cn.ebike.tradein.supervision.SupervisionViews.ItemView;
import cn.ebike.tradein.supervision.SupervisionViews.PublicCard;
import cn.ebike.tradein.supervision.SupervisionViews.RectificationView;
import cn.ebike.tradein.supervision.SupervisionViews.SampleView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * 一店一查: inspections, rectifications, the credit grade and what it does. Object-level rule as for dealers:
 * regulators see every dealer's records, dealer staff only their own dealer's, anyone else "not found".
 *
 * <p>The grade is computed afresh from the last 12 months whenever it is read, and stored on the dealer after
 * each inspection, review and overdue sweep (for lists). A grade D reached by an adverse event (an inspection
 * with failures, a rectification going overdue) suspends the agent authorisation at once, in the same
 * transaction; only a regulator restores it ({@code POST /api/dealers/{id}/authorization}), and only once the
 * dealer's rectifications are closed.
 */
@ApplicationScoped
public class SupervisionService {

    /** An inspection time this far ahead of the server clock is refused (clock skew of a tablet). */
    private static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(5);
    private static final Duration GRADE_WINDOW = Duration.ofDays(365);

    private final DealerRepository dealers;

    private final InspectionRepository inspections;

    private final RectificationRepository rectifications;

    private final AuditTrail audit;

    private final TradeInConfig config;

    private final DealerConduct conduct;

    public SupervisionService(DealerRepository dealers, InspectionRepository inspections,
            RectificationRepository rectifications, AuditTrail audit, TradeInConfig config, DealerConduct conduct) {
        this.dealers = dealers;
        this.inspections = inspections;
        this.rectifications = rectifications;
        this.audit = audit;
        this.config = config;
        this.conduct = conduct;
    }

    // ---- inspections -------------------------------------------------------------------------------

    @Transactional
    public InspectionView recordInspection(UUID dealerId, SupervisionRequests.RecordInspection request, Actor actor) {
        Instant now = Times.now();
        List<InspectionItem> items = checkItems(request, now);
        Dealer dealer = dealers.findByIdOptional(dealerId, LockModeType.PESSIMISTIC_WRITE)
                .orElseThrow(() -> ApiException.notFound("dealer"));
        List<Inspection.Sample> samples = request.samples() == null ? List.of() : request.samples().stream()
                .map(s -> new Inspection.Sample(s.product().trim(), s.batch().trim(), s.passed())).toList();
        Inspection inspection = new Inspection(dealerId, request.inspectedAt(), request.inspector().trim(),
                actor.name(), now, items, samples);
        inspections.persist(inspection);
        List<Rectification> opened = new ArrayList<>();
        for (InspectionItem item : items) {
            if (!item.passed()) {
                opened.add(Rectification.forItem(dealerId, inspection.id(), ChecklistItem.valueOf(item.code()), now));
            }
        }
        for (int i = 0; i < samples.size(); i++) {
            if (!samples.get(i).passed()) {
                opened.add(Rectification.forSample(dealerId, inspection.id(), i, now));
            }
        }
        rectifications.persist(opened);
        dealer.recordInspection(request.inspectedAt());
        long failedItems = items.stream().filter(i -> !i.passed()).count();
        long failedSamples = samples.stream().filter(s -> !s.passed()).count();
        audit.record(actor, "INSPECTION_RECORDED", AuditTrail.DEALER, dealerId, null, null,
                "inspection " + inspection.id() + ": " + failedItems + " item(s) and " + failedSamples
                        + " of " + samples.size() + " sample(s) failed");
        for (Rectification r : opened) {
            audit.record(actor, "RECTIFICATION_OPENED", AuditTrail.RECTIFICATION, r.id(), null,
                    RectificationStatus.OPEN.name(), "inspection " + inspection.id() + ", " + r.itemCode()
                            + (r.samplePosition() == null ? "" : " #" + r.samplePosition()) + ", due " + r.dueAt());
        }
        rectifications.flush();
        regrade(dealer, !opened.isEmpty(), actor);
        return view(inspection, opened.stream().map(Rectification::id).toList());
    }

    /** Every checklist code exactly once: unknown, repeated and missing codes are all listed in one 400. */
    private static List<InspectionItem> checkItems(SupervisionRequests.RecordInspection request, Instant now) {
        List<FieldError> errors = new ArrayList<>();
        if (request.inspectedAt().isAfter(now.plus(FUTURE_TOLERANCE))) {
            errors.add(new FieldError("inspectedAt", "must not be in the future"));
        }
        Map<ChecklistItem, InspectionItem> seen = new EnumMap<>(ChecklistItem.class);
        List<SupervisionRequests.ItemResult> given = request.items();
        for (int i = 0; i < given.size(); i++) {
            SupervisionRequests.ItemResult r = given.get(i);
            Optional<ChecklistItem> code = ChecklistItem.parse(r.code());
            if (code.isEmpty()) {
                errors.add(new FieldError("items[" + i + "].code", "unknown checklist item " + r.code()));
            } else if (seen.containsKey(code.get())) {
                errors.add(new FieldError("items[" + i + "].code", code.get() + " appears more than once"));
            } else {
                String note = r.note() == null || r.note().isBlank() ? null : r.note().trim();
                seen.put(code.get(), new InspectionItem(code.get(), r.passed(), note));
            }
        }
        List<String> missing = new ArrayList<>();
        for (ChecklistItem c : ChecklistItem.values()) {
            if (!seen.containsKey(c)) {
                missing.add(c.name());
            }
        }
        if (!missing.isEmpty()) {
            errors.add(new FieldError("items", "missing checklist items: " + String.join(", ", missing)));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return List.copyOf(seen.values());
    }

    public Optional<Page<InspectionView>> inspections(UUID dealerId, Caller caller, PageRequest page) {
        if (!visible(dealerId, caller)) {
            return Optional.empty();
        }
        var found = inspections.find("dealerId = ?1 order by inspectedAt desc, id", dealerId);
        long total = found.count();
        List<Inspection> rows = page.beyondAnyResult() ? List.of() : found.page(page.intPage(), page.size()).list();
        Map<UUID, List<UUID>> opened = rectifications.ofDealer(dealerId).stream()
                .collect(Collectors.groupingBy(Rectification::inspectionId,
                        Collectors.mapping(Rectification::id, Collectors.toList())));
        return Optional.of(Page.of(rows.stream().map(i -> view(i, opened.getOrDefault(i.id(), List.of()))).toList(),
                page, total));
    }

    // ---- rectifications ----------------------------------------------------------------------------

    public Optional<List<RectificationView>> rectifications(UUID dealerId, Caller caller) {
        if (!visible(dealerId, caller)) {
            return Optional.empty();
        }
        List<Rectification> rows = rectifications.ofDealer(dealerId);
        Map<UUID, Inspection> byId = new HashMap<>();
        return Optional.of(rows.stream().map(r -> view(r, byId)).toList());
    }

    @Transactional
    public RectificationView submit(UUID dealerId, UUID id, String note, Caller caller) {
        if (!dealerId.equals(caller.requireDealerId())) {
            throw ApiException.notFound("rectification");
        }
        Rectification r = lock(dealerId, id);
        RectificationStatus from = r.submit(note.trim(), Times.now());
        audit.record(Actor.of(caller), "RECTIFICATION_SUBMITTED", AuditTrail.RECTIFICATION, id, from.name(),
                r.status().name(), note.trim());
        return view(r, new HashMap<>());
    }

    @Transactional
    public RectificationView review(UUID dealerId, UUID id, boolean accepted, String note, Caller caller) {
        Rectification r = lock(dealerId, id);
        String trimmed = note == null || note.isBlank() ? null : note.trim();
        RectificationStatus from = r.review(accepted, trimmed, Times.now());
        Actor actor = Actor.of(caller);
        audit.record(actor, accepted ? "RECTIFICATION_ACCEPTED" : "RECTIFICATION_RETURNED",
                AuditTrail.RECTIFICATION, id, from.name(), r.status().name(), trimmed);
        rectifications.flush();
        Dealer dealer = dealers.findByIdOptional(dealerId, LockModeType.PESSIMISTIC_WRITE).orElseThrow();
        regrade(dealer, false, actor);
        return view(r, new HashMap<>());
    }

    /**
     * Marks every OPEN rectification past its due time OVERDUE (one statement, see
     * {@link RectificationRepository#markOverdue()}), audits each, and regrades the dealers concerned.
     *
     * @return how many were marked by this call
     */
    @Transactional
    public int sweepOverdue() {
        List<Object[]> marked = rectifications.markOverdue();
        Set<UUID> dealerIds = new LinkedHashSet<>();
        for (Object[] row : marked) {
            UUID id = (UUID) row[0];
            dealerIds.add((UUID) row[1]);
            audit.record(Actor.SWEEP, "RECTIFICATION_OVERDUE", AuditTrail.RECTIFICATION, id,
                    RectificationStatus.OPEN.name(), RectificationStatus.OVERDUE.name(), "past its due time");
        }
        // the same order everywhere (rectification rows, then dealer rows) so that the sweep and a review never
        // wait on each other in a circle; dealers in id order so that two sweeps do not either
        dealerIds.stream().sorted().forEach(dealerId -> dealers.findByIdOptional(dealerId,
                LockModeType.PESSIMISTIC_WRITE).ifPresent(d -> regrade(d, true, Actor.SWEEP)));
        return marked.size();
    }

    private Rectification lock(UUID dealerId, UUID id) {
        return rectifications.findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE)
                .filter(r -> r.dealerId().equals(dealerId))
                .orElseThrow(() -> ApiException.notFound("rectification"));
    }

    // ---- credit grade ------------------------------------------------------------------------------

    public Optional<CreditView> credit(UUID dealerId, Caller caller) {
        if (!visible(dealerId, caller)) {
            return Optional.empty();
        }
        return dealers.findByIdOptional(dealerId).map(d -> {
            CreditRule.Assessment a = assess(dealerId);
            return new CreditView(a.grade().name(), a.score(), a.measure().name(), a.measure().label(), a.reasons(),
                    Times.now(), d.authorizationSuspendedAt() != null, a.verified());
        });
    }

    /** 品质信用码, for anyone. */
    public Optional<PublicCard> publicCard(UUID dealerId) {
        return dealers.findByIdOptional(dealerId).map(d -> {
            CreditRule.Assessment a = assess(dealerId);
            return new PublicCard(d.id(), d.name(), d.district(), a.grade().name(), a.measure().name(),
                    a.measure().label(), a.reasons(), d.authorizedAgent(), d.lastInspectedAt(), cardUrl(d.id()),
                    a.verified());
        });
    }

    /** The page a printed card's QR opens: {@code <PUBLIC_BASE_URL>/v/dealer/<id>}. */
    public String cardUrl(UUID dealerId) {
        String base = config.publicBaseUrl().trim();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return base + "/v/dealer/" + dealerId;
    }

    /** The QR of the card's page as SVG, for the shop to print and hang up. */
    public Optional<String> cardQrSvg(UUID dealerId) {
        return dealers.findByIdOptional(dealerId)
                .map(d -> QrSvg.of(cardUrl(d.id()), "品质信用码 · " + d.name()));
    }

    /**
     * Dealers due for inspection: a dealer never inspected is due since it joined; otherwise its last
     * inspection plus the interval of its measure (from the grade stored at its last regrading).
     */
    public Page<DueForInspection> dueForInspection(Optional<SupervisionMeasure> measure, PageRequest page) {
        Instant now = Times.now();
        List<DueForInspection> due = new ArrayList<>();
        for (Dealer d : dealers.listAll()) {
            SupervisionMeasure m = d.creditMeasure() == null ? SupervisionMeasure.NORMAL
                    : SupervisionMeasure.valueOf(d.creditMeasure());
            if (measure.isPresent() && measure.get() != m) {
                continue;
            }
            Instant dueAt = d.lastInspectedAt() == null ? d.createdAt()
                    : d.lastInspectedAt().atOffset(ZoneOffset.UTC).plus(m.inspectEvery()).toInstant();
            if (!dueAt.isAfter(now)) {
                due.add(new DueForInspection(d.id(), d.name(), d.district(), d.creditGrade(), m.name(),
                        d.lastInspectedAt(), dueAt));
            }
        }
        due.sort(Comparator.comparing(DueForInspection::dueAt).thenComparing(DueForInspection::dealerId));
        long total = due.size();
        List<DueForInspection> items = page.beyondAnyResult() || page.offset() >= total ? List.of()
                : due.subList(page.intOffset(), (int) Math.min(total, page.offset() + page.size()));
        return Page.of(List.copyOf(items), page, total);
    }

    /** The last 12 months' failures of the dealer, each with what became of its rectification. */
    CreditRule.Assessment assess(UUID dealerId) {
        Instant since = Times.now().minus(GRADE_WINDOW);
        List<Inspection> recent = inspections.find("dealerId = ?1 and inspectedAt >= ?2", dealerId, since).list();
        Map<UUID, Inspection> byId = recent.stream().collect(Collectors.toMap(Inspection::id, i -> i));
        List<CreditRule.Failure> failures = new ArrayList<>();
        for (Rectification r : rectifications.ofDealer(dealerId)) {
            Inspection inspection = byId.get(r.inspectionId());
            if (inspection == null) {
                continue;
            }
            String sample = r.samplePosition() == null ? null : inspection.samples().get(r.samplePosition()).describe();
            failures.add(new CreditRule.Failure(r.itemCode(), sample, r.status() == RectificationStatus.CLOSED,
                    r.overdueAt() != null));
        }
        return CreditRule.assess(failures, conduct.since(dealerId, since), !recent.isEmpty());
    }

    /**
     * The daily regrade ({@code SUPERVISION_REGRADE_CRON}): grades are stored when something happens, so a
     * failure ageing out of the 12 months, or conduct counted since, changes them only here. Every dealer in id
     * order, each row locked like a review or a sweep would; a grade that fell to D suspends the authorisation as
     * any adverse event does. One instance at a time: the others find the advisory lock taken and skip.
     *
     * @return dealers whose stored grade or score changed, or -1 when another instance holds the lock
     */
    @Transactional
    public int regradeAll() {
        if (!inspections.tryRegradeLock()) {
            return -1;
        }
        int changed = 0;
        List<UUID> ids = dealers.listAll().stream().map(Dealer::id).sorted().toList();
        for (UUID id : ids) {
            Dealer d = dealers.findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE).orElse(null);
            if (d == null) {
                continue;
            }
            String grade = d.creditGrade();
            Integer score = d.creditScore();
            CreditRule.Assessment a = assess(id);
            boolean worse = score == null ? a.score() < 100 : a.score() < score;
            regrade(d, worse, Actor.REGRADE, a);
            if (!a.grade().name().equals(grade) || score == null || score != a.score()) {
                changed++;
            }
        }
        return changed;
    }

    /** Stores the grade on the (locked) dealer; a grade D after an adverse event suspends the authorisation. */
    private void regrade(Dealer dealer, boolean adverse, Actor actor) {
        regrade(dealer, adverse, actor, assess(dealer.id()));
    }

    private void regrade(Dealer dealer, boolean adverse, Actor actor, CreditRule.Assessment a) {
        String before = dealer.creditGrade();
        Instant now = Times.now();
        dealer.recordGrade(a.grade().name(), a.score(), a.measure().name(), now);
        if (!a.grade().name().equals(before)) {
            audit.record(actor, "CREDIT_GRADED", AuditTrail.DEALER, dealer.id(), before, a.grade().name(),
                    "score " + a.score() + ", " + a.measure());
        }
        if (adverse && a.grade() == CreditGrade.D) {
            boolean wasAuthorized = dealer.authorizedAgent();
            if (dealer.suspendAuthorization(now)) {
                audit.record(actor, "AGENT_SUSPENDED", AuditTrail.DEALER, dealer.id(),
                        wasAuthorized ? "AUTHORIZED" : "UNAUTHORIZED", "SUSPENDED", "credit grade D, score " + a.score());
            }
        }
    }

    // ---- views and access --------------------------------------------------------------------------

    private boolean visible(UUID dealerId, Caller caller) {
        boolean allowed = caller.is(Roles.REGULATOR) || caller.is(Roles.SERVICE)
                || (caller.is(Roles.DEALER) && dealerId.equals(caller.requireDealerId()));
        return allowed && dealers.findByIdOptional(dealerId).isPresent();
    }

    private static InspectionView view(Inspection i, List<UUID> rectificationIds) {
        return new InspectionView(i.id(), i.dealerId(), i.inspectedAt(), i.inspector(), i.recordedBy(), i.createdAt(),
                i.items().stream().sorted(Comparator.comparing(it -> ChecklistItem.valueOf(it.code())))
                        .map(it -> new ItemView(it.code(), ChecklistItem.valueOf(it.code()).label(), it.passed(),
                                it.note()))
                        .toList(),
                i.samples().stream().map(s -> new SampleView(s.product(), s.batch(), s.passed())).toList(),
                rectificationIds);
    }

    private RectificationView view(Rectification r, Map<UUID, Inspection> cache) {
        SampleView sample = null;
        String label;
        if (r.samplePosition() != null) {
            Inspection i = cache.computeIfAbsent(r.inspectionId(), inspections::findById);
            Inspection.Sample s = i.samples().get(r.samplePosition());
            sample = new SampleView(s.product(), s.batch(), s.passed());
            label = "抽检不合格：" + s.describe();
        } else {
            label = ChecklistItem.valueOf(r.itemCode()).label();
        }
        return new RectificationView(r.id(), r.itemCode(), r.status().name(), r.dueAt(), r.submittedAt(), r.closedAt(),
                r.dealerId(), r.inspectionId(), label, sample, r.openedAt(), r.overdueAt(), r.submissionNote(),
                r.reviewNote());
    }
}
