package cn.ebike.registration.plate;

import cn.ebike.common.time.BusinessClock;
import cn.ebike.registration.common.Times;
import cn.ebike.registration.audit.AuditTrail;
import cn.ebike.common.problem.ApiException;
import cn.ebike.common.security.Caller;
import cn.ebike.common.ids.Ids;
import cn.ebike.common.qr.QrSvg;
import cn.ebike.common.security.KeyFiles;
import cn.ebike.registration.owner.OwnerService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/** Issuing, showing, revoking and verifying digital plates. */
@ApplicationScoped
public class PlateService {

    private final BusinessClock clock;

    private final PlateRepository plates;

    private final PlateNumbers numbers;

    private final PlateSigner signer;

    private final PlatedVehicles vehicles;

    private final OwnerService owners;

    private final AuditTrail audit;

    private final Caller caller;

    private final PlateLinks links;

    public PlateService(BusinessClock clock, PlateRepository plates, PlateNumbers numbers, PlateSigner signer,
            PlatedVehicles vehicles, OwnerService owners, AuditTrail audit, Caller caller, PlateLinks links) {
        this.clock = clock;
        this.plates = plates;
        this.numbers = numbers;
        this.signer = signer;
        this.vehicles = vehicles;
        this.owners = owners;
        this.audit = audit;
        this.caller = caller;
        this.links = links;
    }

    /** The plate's QR code as SVG, for the vehicle's owner, the dealer that registered it and regulators. */
    public Optional<String> qrSvg(String plateNumber) {
        return plates.findByNumber(plateNumber).flatMap(plate -> vehicles.findVisible(plate.vehicleId())
                .map(vehicle -> QrSvg.of(links.qrUrl(qrPayload(plate, vehicle.registrationCode())),
                        "电动自行车数字号牌 " + plate.plateNumber())));
    }

    /** Issues the vehicle's plate: 404 if the caller may not, 409 if scrapped or it already has an active one. */
    @Transactional
    public PlateView issue(String vehicleId) {
        PlatedVehicle vehicle = Ids.parse(vehicleId).flatMap(vehicles::lockForPlate)
                .orElseThrow(() -> ApiException.notFound("Vehicle"));
        vehicle.requirePlateable();
        if (plates.activeFor(vehicle.id()).isPresent()) {
            throw ApiException.conflict("The vehicle already has an active plate.");
        }
        Plate plate = Plate.issue(Ids.newId(), numbers.next(), vehicle.id(), caller.subject(), clock.now()) /* the business clock: figures count plates by it */;
        try {
            plates.persistAndFlush(plate);
        } catch (PersistenceException e) {
            // the partial unique index (one active plate per vehicle) or the plate number constraint
            throw ApiException.conflict("The vehicle already has an active plate.");
        }
        audit.record("PLATE_ISSUED", AuditTrail.PLATE, plate.id(), vehicle.id(), null, PlateStatus.ACTIVE,
                "plate " + plate.plateNumber());
        return view(plate, vehicle.registrationCode());
    }

    /** Revokes the vehicle's active plate, if any (inside the scrapping transaction). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void revokeActive(UUID vehicleId, String why) {
        Optional<Plate> active = plates.activeFor(vehicleId);
        if (active.isPresent()) {
            Plate plate = active.get();
            plate.revoke(Times.now());
            audit.record("PLATE_REVOKED", AuditTrail.PLATE, plate.id(), vehicleId, PlateStatus.ACTIVE, PlateStatus.REVOKED,
                    "plate " + plate.plateNumber() + ": " + why);
        }
    }

    public Optional<PlateDetailView> detail(String plateNumber) {
        return plates.findByNumber(plateNumber).flatMap(plate -> vehicles.find(plate.vehicleId())
                .map(vehicle -> new PlateDetailView(plate.plateNumber(), plate.vehicleId(),
                        qrPayload(plate, vehicle.registrationCode()),
                        links.qrUrl(qrPayload(plate, vehicle.registrationCode())), plate.status(), plate.issuedAt(),
                        plate.revokedAt(),
                        new PlateDetailView.VehicleSummary(vehicle.id(), vehicle.registrationCode(),
                                vehicle.categoryName(), vehicle.brand(), vehicle.model(), vehicle.statusName(),
                                owners.find(vehicle.ownerId()).map(owners::maskedName).orElse(null)))));
    }

    /**
     * Never fails for a bad scan: every problem is a reason in a 200 answer. The scan may be the bare token or
     * the URL a printed QR carries ({@code …/v/#<token>}).
     */
    public VerifyResult verify(String qrPayload) {
        PlateSigner.Verification verification = signer.verify(PlateLinks.tokenOf(qrPayload));
        if (verification.check() == PlateSigner.Check.MALFORMED) {
            return VerifyResult.invalid("MALFORMED", null);
        }
        PlateSigner.Claims claims = verification.claims();
        if (verification.check() == PlateSigner.Check.BAD_SIGNATURE) {
            return VerifyResult.invalid("BAD_SIGNATURE", null);
        }
        Optional<Plate> found = plates.findByNumber(claims.plateNumber());
        Optional<PlatedVehicle> vehicle = found.flatMap(p -> vehicles.find(p.vehicleId()));
        if (found.isEmpty() || vehicle.isEmpty()
                || !vehicle.get().registrationCode().equals(claims.registrationCode())
                || !PlateSigner.issueDate(found.get().issuedAt()).equals(claims.issueDate())) {
            return VerifyResult.invalid("UNKNOWN_PLATE", claims.plateNumber());
        }
        Plate plate = found.get();
        PlatedVehicle v = vehicle.get();
        boolean active = plate.isActive();
        return new VerifyResult(active, active ? null : "REVOKED", plate.plateNumber(), plate.status(), v.categoryName(),
                v.brand(), v.model(), owners.find(v.ownerId()).map(owners::maskedName).orElse(null), v.registrationCode());
    }

    public PublicKeyView publicKey() {
        byte[] spki = signer.publicKeySpki();
        return new PublicKeyView(PlateSigner.ALGORITHM, signer.keyId(), Base64.getEncoder().encodeToString(spki),
                KeyFiles.pem("PUBLIC KEY", spki),
                "EB1.<payload>.<signature>",
                "the ASCII text 'EB1.<payload>' (everything before the second '.')",
                "UTF-8 text plateNumber|registrationCode|issueDate, issueDate as yyyyMMdd (China Standard Time)",
                "payload and signature are base64url without padding (RFC 4648 section 5); "
                        + "publicKey is the base64 DER SubjectPublicKeyInfo of the Ed25519 key (RFC 8410)",
                signer.previousKeysSpki().stream().map(k -> new PublicKeyView.PreviousKey(PlateSigner.keyId(k),
                        Base64.getEncoder().encodeToString(k), KeyFiles.pem("PUBLIC KEY", k))).toList());
    }

    public PlateView view(Plate plate, String registrationCode) {
        String token = qrPayload(plate, registrationCode);
        return new PlateView(plate.plateNumber(), plate.vehicleId(), token, links.qrUrl(token), plate.status(),
                plate.issuedAt(), plate.revokedAt());
    }

    public String qrPayload(Plate plate, String registrationCode) {
        return signer.token(plate.plateNumber(), registrationCode, PlateSigner.issueDate(plate.issuedAt()));
    }
}
