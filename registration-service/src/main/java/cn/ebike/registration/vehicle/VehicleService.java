package cn.ebike.registration.vehicle;

import cn.ebike.registration.particulars.RegistrationCodes;
import cn.ebike.registration.common.Times;
import cn.ebike.registration.config.RegistrationConfig;
import cn.ebike.registration.district.DealerDistricts;
import cn.ebike.registration.audit.AuditEntry;
import cn.ebike.registration.audit.AuditRepository;
import cn.ebike.registration.audit.AuditTrail;
import cn.ebike.common.problem.ApiException;
import cn.ebike.common.problem.DatabaseErrors;
import cn.ebike.common.security.Caller;
import cn.ebike.common.problem.FieldError;
import cn.ebike.common.ids.Ids;
import cn.ebike.common.paging.Page;
import cn.ebike.common.paging.PageRequest;
import cn.ebike.common.security.Roles;
import cn.ebike.common.validation.CccCertificate;
import cn.ebike.common.validation.FrameNumber;
import cn.ebike.registration.owner.OwnerService;
import cn.ebike.registration.owner.OwnerView;
import cn.ebike.registration.plate.Plate;
import cn.ebike.registration.plate.PlateRepository;
import cn.ebike.registration.plate.PlateService;
import cn.ebike.registration.plate.PlateStatus;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Coded registration of vehicles, their visibility, scrapping, history and statistics. */
@ApplicationScoped
public class VehicleService {

    private final VehicleRepository vehicles;

    private final VehicleAccess access;

    private final PlateRepository plates;

    private final PlateService plateService;

    private final OwnerService owners;

    private final AuditTrail audit;

    private final AuditRepository auditEntries;

    private final Caller caller;

    private final DealerDistricts districts;

    private final RegistrationConfig config;

    public VehicleService(VehicleRepository vehicles, VehicleAccess access, PlateRepository plates,
            PlateService plateService, OwnerService owners, AuditTrail audit, AuditRepository auditEntries,
            Caller caller, DealerDistricts districts, RegistrationConfig config) {
        this.vehicles = vehicles;
        this.access = access;
        this.plates = plates;
        this.plateService = plateService;
        this.owners = owners;
        this.audit = audit;
        this.auditEntries = auditEntries;
        this.caller = caller;
        this.districts = districts;
        this.config = config;
    }

    /**
     * Registers one bike. Dealers register COMPLIANT bikes only (403 otherwise) and are recorded as
     * {@code registeredByDealerId}; a duplicate frame number is 409, also when two requests race (the
     * unique constraint decides).
     */
    @Transactional
    public VehicleView register(RegisterVehicleRequest request) {
        UUID dealerId = null;
        if (!caller.is(Roles.REGULATOR)) {
            if (request.category() != VehicleCategory.COMPLIANT) {
                throw ApiException.forbidden("Only regulators register NON_STANDARD_FILED bikes.");
            }
            dealerId = caller.dealerId().orElseThrow(
                    () -> ApiException.forbidden("The dealer token carries no dealerId claim."));
        }
        if (owners.find(request.ownerId()).isEmpty()) {
            throw ApiException.invalid("ownerId", "no such owner");
        }
        String frameNumber = FrameNumber.normalise(request.frameNumber());
        if (vehicles.existsByFrameNumber(frameNumber)) {
            throw duplicateFrameNumber();
        }
        String ccc = CccCertificate.normalise(request.cccCertificate());
        String district = dealerId != null ? districts.ofDealer(dealerId)
                : request.district() != null && !request.district().isBlank() ? request.district().trim()
                : config.district().defaultDistrict();
        Vehicle v = Vehicle.register(Ids.newId(), RegistrationCodes.next(), frameNumber,
                request.motorNumber().trim().toUpperCase(Locale.ROOT), request.brand().trim(), request.model().trim(),
                request.category(), request.batteryType(), ccc == null || ccc.isEmpty() ? null : ccc,
                request.ownerId(), caller.subject(), dealerId, request.filedAt(), district, Times.now());
        try {
            vehicles.persistAndFlush(v);
        } catch (PersistenceException e) {
            // lost a race on uq_vehicles_frame_number; any other failure is not a duplicate and is not called one
            if (DatabaseErrors.violated(e, "uq_vehicles_frame_number")) {
                throw duplicateFrameNumber();
            }
            throw e;
        }
        audit.record("REGISTERED", AuditTrail.VEHICLE, v.id(), v.id(), null, VehicleStatus.REGISTERED,
                v.category() + " frame " + v.frameNumber());
        return view(v);
    }

    private static ApiException duplicateFrameNumber() {
        return ApiException.conflict("conflict", "A vehicle with this frame number is already registered.", "frameNumber");
    }

    public VehicleView get(String id) {
        return view(visible(id));
    }

    private Vehicle visible(String id) {
        return Ids.parse(id).flatMap(vehicles::findByIdOptional).filter(access::canView)
                .orElseThrow(() -> ApiException.notFound("Vehicle"));
    }

    /**
     * Internal bulk read for subsidy-service (SERVICE only, checked on the resource): the vehicles with these
     * ids, each exactly as {@code GET /api/vehicles/{id}} shows it, in the order asked for, each once. Unknown
     * ids are left out. Three queries whatever the number of ids (vehicles, their owners, their plates).
     */
    public VehicleLookup lookup(List<UUID> ids) {
        List<UUID> distinct = ids.stream().distinct().toList();
        Map<UUID, Vehicle> found = new HashMap<>();
        for (Vehicle v : vehicles.list("id in ?1", distinct)) {
            found.put(v.id(), v);
        }
        List<Vehicle> ordered = distinct.stream().map(found::get).filter(java.util.Objects::nonNull).toList();
        return new VehicleLookup(ordered.isEmpty() ? List.of() : views(ordered));
    }

    /** List filters as given on the query string (parsed here so a bad one is a 400 naming it). */
    public record Filter(String ownerId, String frameNumber, String plateNumber, String category, String status,
            String district) {
        public Filter(String ownerId, String frameNumber, String plateNumber, String category, String status) {
            this(ownerId, frameNumber, plateNumber, category, status, null);
        }
    }

    /**
     * Lists what the caller may see: REGULATOR/SERVICE everything; an owner their own; a dealer the
     * vehicles it registered, or — with an exact {@code frameNumber} or {@code plateNumber} — the one
     * vehicle carrying it (to open a trade-in for a bike it did not sell).
     */
    public Page<VehicleView> list(Filter filter, PageRequest page) {
        List<FieldError> errors = new ArrayList<>();
        Optional<UUID> ownerId = Optional.empty();
        if (filter.ownerId() != null && !filter.ownerId().isBlank()) {
            ownerId = Ids.parse(filter.ownerId());
            if (ownerId.isEmpty()) {
                errors.add(new FieldError("ownerId", "must be a UUID"));
            }
        }
        VehicleCategory category = parseEnum(VehicleCategory.class, filter.category(), "category", errors);
        VehicleStatus status = parseEnum(VehicleStatus.class, filter.status(), "status", errors);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        String frameNumber = blankToNull(FrameNumber.normalise(filter.frameNumber()));
        String plateNumber = blankToNull(filter.plateNumber() == null ? null : filter.plateNumber().trim());

        StringBuilder where = new StringBuilder("1 = 1");
        Map<String, Object> params = new HashMap<>();
        if (!caller.seesEverything()) {
            if (caller.is(Roles.OWNER)) {
                Optional<UUID> own = caller.ownerId();
                if (own.isEmpty() || (ownerId.isPresent() && !ownerId.equals(own))) {
                    return new Page<>(List.of(), page.page(), page.size(), 0);
                }
                ownerId = own;
            } else if (caller.is(Roles.DEALER)) {
                UUID dealer = caller.dealerId().orElseThrow(
                        () -> ApiException.forbidden("The dealer token carries no dealerId claim."));
                if (frameNumber == null && plateNumber == null) {
                    where.append(" and registeredByDealerId = :dealer");
                    params.put("dealer", dealer);
                }
            } else {
                return new Page<>(List.of(), page.page(), page.size(), 0);
            }
        }
        if (ownerId.isPresent()) {
            where.append(" and ownerId = :ownerId");
            params.put("ownerId", ownerId.get());
        }
        if (frameNumber != null) {
            where.append(" and frameNumber = :frameNumber");
            params.put("frameNumber", frameNumber);
        }
        if (plateNumber != null) {
            where.append(" and id in (select p.vehicleId from Plate p where p.plateNumber = :plateNumber)");
            params.put("plateNumber", plateNumber);
        }
        if (category != null) {
            where.append(" and category = :category");
            params.put("category", category);
        }
        if (status != null) {
            where.append(" and status = :status");
            params.put("status", status);
        }
        if (filter.district() != null && !filter.district().isBlank()) {
            where.append(" and district = :district");
            params.put("district", filter.district().trim());
        }
        PanacheQuery<Vehicle> query = vehicles.find(where.toString(), Sort.descending("id"), params);
        long total = query.count();
        List<Vehicle> found = page.beyondAnyResult() ? List.of()
                : query.range(page.intOffset(), page.intOffset() + page.size() - 1).list();
        return new Page<>(views(found), page.page(), page.size(), total);
    }

    /** The vehicle's audit trail, oldest first: its owner and regulators; anyone else 404. */
    public List<HistoryEntryView> history(String id) {
        Vehicle v = Ids.parse(id).flatMap(vehicles::findByIdOptional).filter(access::canReadHistory)
                .orElseThrow(() -> ApiException.notFound("Vehicle"));
        List<HistoryEntryView> history = new ArrayList<>();
        for (AuditEntry e : auditEntries.forVehicle(v.id())) {
            history.add(new HistoryEntryView(e.at, e.actor, e.actorRole, e.action, e.objectType, e.objectId,
                    e.fromStatus, e.toStatus, e.detail));
        }
        return history;
    }

    public record ScrapResult(VehicleView vehicle, boolean changed) {
    }

    /**
     * Scraps the vehicle and revokes its active plate, in one transaction. Idempotent on
     * {@code reference}: the same reference again changes nothing; another reference is a 409.
     */
    @Transactional
    public ScrapResult scrap(String id, ScrapRequest request) {
        Vehicle v = Ids.parse(id).flatMap(vehicles::findForUpdate).filter(access::canView)
                .orElseThrow(() -> ApiException.notFound("Vehicle"));
        String reference = request.reference().trim();
        if (v.status() == VehicleStatus.SCRAPPED) {
            if (reference.equals(v.scrapReference())) {
                return new ScrapResult(view(v), false);
            }
            throw ApiException.conflict("The vehicle was already scrapped under another reference.");
        }
        VehicleStatus from = v.status();
        v.scrap(reference, request.reason().trim(), Times.now());
        audit.record("SCRAPPED", AuditTrail.VEHICLE, v.id(), v.id(), from, v.status(), "reference " + reference);
        plateService.revokeActive(v.id(), "vehicle scrapped (reference " + reference + ")");
        return new ScrapResult(view(v), true);
    }

    public VehicleStats stats() {
        long filed = vehicles.count("category", VehicleCategory.NON_STANDARD_FILED);
        long filedScrapped = vehicles.count("category = ?1 and status = ?2", VehicleCategory.NON_STANDARD_FILED,
                VehicleStatus.SCRAPPED);
        long compliant = vehicles.count("category", VehicleCategory.COMPLIANT);
        long active = plates.count("status", PlateStatus.ACTIVE);
        long issued = plates.count();
        return new VehicleStats(filed, filedScrapped, compliant, active, issued);
    }

    public VehicleView view(Vehicle v) {
        OwnerView owner = owners.find(v.ownerId()).map(owners::view).orElse(null);
        return view(v, owner, plates.currentFor(v.id()).orElse(null));
    }

    private List<VehicleView> views(List<Vehicle> list) {
        List<UUID> ids = list.stream().map(Vehicle::id).toList();
        Map<UUID, OwnerView> ownerViews = owners.views(list.stream().map(Vehicle::ownerId).distinct().toList());
        Map<UUID, Plate> current = plates.currentFor(ids);
        return list.stream().map(v -> view(v, ownerViews.get(v.ownerId()), current.get(v.id()))).toList();
    }

    private static VehicleView view(Vehicle v, OwnerView owner, Plate plate) {
        return new VehicleView(v.id(), v.registrationCode(), v.frameNumber(), v.motorNumber(), v.brand(), v.model(),
                v.category(), v.batteryType(), v.cccCertificate(), v.status(), v.ownerId(), owner,
                plate == null ? null : plate.plateNumber(), plate == null ? null : plate.status(),
                v.registeredAt(), v.filedAt(), v.registeredByDealerId(), v.scrappedAt(), v.scrapReference(),
                v.district());
    }

    private static <E extends Enum<E>> E parseEnum(Class<E> type, String raw, String field, List<FieldError> errors) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, raw.trim());
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(field, "must be one of " + Arrays.toString(type.getEnumConstants())));
            return null;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
