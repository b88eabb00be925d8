package cn.ebike.subsidy.claim;

import cn.ebike.subsidy.audit.AuditEntry;
import cn.ebike.subsidy.audit.AuditTrail;
import cn.ebike.common.security.Caller;
import cn.ebike.common.security.Roles;
import cn.ebike.common.paging.Page;
import cn.ebike.common.paging.PageRequest;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Reads of subsidies, with the object-level rule: an owner sees only their own, a regulator all. */
@ApplicationScoped
public class SubsidyQueries {

    private final SubsidyRepository subsidies;
    private final AuditTrail audit;

    public SubsidyQueries(SubsidyRepository subsidies, AuditTrail audit) {
        this.subsidies = subsidies;
        this.audit = audit;
    }

    /** Empty for an unknown id and for another owner's subsidy alike (no existence leak). */
    @Transactional
    public Optional<Subsidy> visible(UUID id, Caller caller) {
        return subsidies.findByIdOptional(id)
                .filter(s -> caller.is(Roles.REGULATOR) || (caller.is(Roles.OWNER) && s.ownerId() != null && caller.ownerId().filter(s.ownerId()::equals).isPresent()));
    }

    private static final Sort NEWEST_FIRST = Sort.descending("decidedAt").and("id", Sort.Direction.Ascending);

    /** The owner's subsidies, newest first, each with its campaign's and phase's names. */
    @Transactional
    public Page<OwnerSubsidyView> ofOwner(UUID ownerId, PageRequest page) {
        if (ownerId == null) {
            return new Page<>(List.of(), page.page(), page.size(), 0);
        }
        Page<SubsidyView> views = page(subsidies.find("ownerId", NEWEST_FIRST, ownerId), page);
        java.util.Map<UUID, String> names = new java.util.HashMap<>();
        java.util.Set<UUID> campaigns = new java.util.HashSet<>();
        java.util.Set<UUID> phases = new java.util.HashSet<>();
        for (SubsidyView v : views.items()) {
            if (v.campaignId() != null) {
                campaigns.add(v.campaignId());
            }
            if (v.phaseId() != null) {
                phases.add(v.phaseId());
            }
        }
        var em = subsidies.getEntityManager();
        if (!campaigns.isEmpty()) {
            em.createQuery("select c.id, c.name from Campaign c where c.id in :ids", Object[].class)
                    .setParameter("ids", campaigns).getResultList().forEach(r -> names.put((UUID) r[0], (String) r[1]));
        }
        if (!phases.isEmpty()) {
            em.createQuery("select p.id, p.name from Phase p where p.id in :ids", Object[].class)
                    .setParameter("ids", phases).getResultList().forEach(r -> names.put((UUID) r[0], (String) r[1]));
        }
        return new Page<>(views.items().stream().map(v -> new OwnerSubsidyView(v,
                v.campaignId() == null ? null : names.get(v.campaignId()),
                v.phaseId() == null ? null : names.get(v.phaseId()))).toList(), views.page(), views.size(), views.total());
    }

    @Transactional
    public Page<SubsidyView> search(Optional<UUID> campaignId, Optional<UUID> phaseId, Optional<SubsidyStatus> status,
            Optional<UUID> dealerId, PageRequest page) {
        List<String> where = new ArrayList<>();
        Parameters params = new Parameters();
        campaignId.ifPresent(c -> {
            where.add("campaignId = :campaign");
            params.and("campaign", c);
        });
        phaseId.ifPresent(p -> {
            where.add("phaseId = :phase");
            params.and("phase", p);
        });
        status.ifPresent(s -> {
            where.add("status = :status");
            params.and("status", s);
        });
        dealerId.ifPresent(d -> {
            where.add("dealerId = :dealer");
            params.and("dealer", d);
        });
        PanacheQuery<Subsidy> q = where.isEmpty() ? subsidies.findAll(NEWEST_FIRST)
                : subsidies.find(String.join(" and ", where), NEWEST_FIRST, params);
        return page(q, page);
    }

    private static Page<SubsidyView> page(PanacheQuery<Subsidy> q, PageRequest page) {
        List<Subsidy> rows = page.beyondAnyResult() ? List.of() : q.page(page.intPage(), page.size()).list();
        List<SubsidyView> items = rows.stream().map(SubsidyView::of).toList();
        return new Page<>(items, page.page(), page.size(), q.count());
    }

    @Transactional
    public List<HistoryEntry> history(UUID subsidyId) {
        List<AuditEntry> entries = audit.historyOf(List.of(subsidyId));
        return entries.stream()
                .map(e -> new HistoryEntry(e.at, e.actor, e.action, e.fromStatus, e.toStatus, e.detail))
                .toList();
    }

    public record HistoryEntry(java.time.Instant at, String actor, String action, String fromStatus, String toStatus,
            String detail) {
    }
}
