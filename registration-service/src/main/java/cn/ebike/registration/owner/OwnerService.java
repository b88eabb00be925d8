package cn.ebike.registration.owner;

import cn.ebike.registration.common.Times;
import cn.ebike.registration.audit.AuditTrail;
import cn.ebike.common.problem.ApiException;
import cn.ebike.common.security.Caller;
import cn.ebike.common.security.Roles;
import cn.ebike.common.ids.Ids;
import cn.ebike.common.masking.Masking;
import cn.ebike.common.validation.IdNumber;
import cn.ebike.common.validation.MobilePhone;
import cn.ebike.registration.pii.PiiCrypto;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Owners: registration matched on the ID number, masked views, look-up by phone. */
@ApplicationScoped
public class OwnerService {

    /** Letters of any script, with spaces, middle dots, dots, apostrophes and hyphens inside (empty is left to @NotBlank). */
    public static final String NAME_PATTERN = "^([\\p{L}\\p{M}][\\p{L}\\p{M}\u00b7. '\\-]*)?$";
    public static final String NAME_MESSAGE = "must be letters, optionally with spaces, \u00b7 . ' - between them";

    /** Field names used as associated data (encryption) and hash domains. */
    public static final String NAME = PiiCrypto.FieldNames.NAME;
    public static final String ID_NUMBER = PiiCrypto.FieldNames.ID_NUMBER;
    public static final String PHONE = PiiCrypto.FieldNames.PHONE;

    private final OwnerRepository owners;

    private final PiiCrypto crypto;

    private final AuditTrail audit;

    private final Caller caller;

    private final cn.ebike.registration.session.SessionRevocationRepository revocations;

    public OwnerService(OwnerRepository owners, PiiCrypto crypto, AuditTrail audit, Caller caller,
            cn.ebike.registration.session.SessionRevocationRepository revocations) {
        this.owners = owners;
        this.crypto = crypto;
        this.audit = audit;
        this.caller = caller;
        this.revocations = revocations;
    }

    public record Registration(OwnerView owner, boolean created) {
    }

    /** Registers an owner, or returns the one already known by this ID number (unchanged). */
    @Transactional
    public Registration register(CreateOwnerRequest request) {
        String idNumber = IdNumber.normalise(request.idNumber());
        String phone = MobilePhone.normalise(request.phone());
        byte[] idHash = crypto.hash(ID_NUMBER, idNumber);
        Optional<Owner> known = owners.findByIdNumberHash(idHash);
        if (known.isPresent()) {
            return new Registration(view(known.get()), false);
        }
        Owner owner = newOwner(request.name().trim(), idNumber, phone, idHash, caller.subject());
        Optional<UUID> dealer = caller.is(Roles.DEALER) ? caller.dealerId() : Optional.empty();
        owner.createdByDealerId = dealer.orElse(null);
        boolean created = owners.insertIfAbsent(owner);
        Owner stored = owners.findByIdNumberHash(idHash)
                .orElseThrow(() -> new IllegalStateException("owner vanished after insert"));
        if (created) {
            // a dealer-entered owner is marked as such: the filing, not the dealer, decides who owns a filed bike
            audit.record("OWNER_CREATED", AuditTrail.OWNER, stored.id, null, null, null,
                    dealer.map(d -> "entered by dealer " + d).orElse("entered by " + caller.role()));
        }
        return new Registration(view(stored), created);
    }

    /** A new owner row with encrypted fields and hashes (also used by the bulk import). */
    public Owner newOwner(String name, String idNumber, String phone, byte[] idHash, String createdBy) {
        Owner owner = new Owner();
        owner.id = Ids.newId();
        owner.nameEnc = crypto.encrypt(NAME, owner.id, name);
        owner.idNumberEnc = crypto.encrypt(ID_NUMBER, owner.id, idNumber);
        owner.idNumberHash = idHash;
        owner.phoneEnc = crypto.encrypt(PHONE, owner.id, phone);
        owner.phoneHash = crypto.hash(PHONE, phone);
        owner.createdAt = Times.now();
        owner.createdBy = createdBy;
        return owner;
    }

    /**
     * A regulator corrects an owner's name and/or phone (PATCH /api/owners/{id}): audited with the reason, and
     * the owner's sessions end (queued in this transaction, delivered to the gateway by
     * {@link cn.ebike.registration.session.SessionRevocationRelay}), so whoever signed in with the old phone is
     * out. The ID number is never changed: it is what identifies the person.
     */
    @Transactional
    public Optional<OwnerView> correct(String rawId, OwnerCorrection request) {
        Optional<Owner> found = Ids.parse(rawId).flatMap(owners::findByIdOptional);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Owner owner = found.get();
        java.util.List<String> changed = new java.util.ArrayList<>();
        if (request.name() != null && !request.name().isBlank()) {
            String name = request.name().trim();
            if (!name.equals(crypto.decrypt(NAME, owner.id, owner.nameEnc))) {
                owner.nameEnc = crypto.encrypt(NAME, owner.id, name);
                changed.add("name");
            }
        }
        if (request.phone() != null && !request.phone().isBlank()) {
            String phone = MobilePhone.normalise(request.phone());
            byte[] hash = crypto.hash(PHONE, phone);
            if (!java.util.Arrays.equals(hash, owner.phoneHash)) {
                owner.phoneEnc = crypto.encrypt(PHONE, owner.id, phone);
                owner.phoneHash = hash;
                changed.add("phone");
            }
        }
        String createdBy = owner.createdByDealerId == null ? "" : "; entered by dealer " + owner.createdByDealerId;
        audit.record("OWNER_CORRECTED", AuditTrail.OWNER, owner.id, null, null, null,
                "changed: " + (changed.isEmpty() ? "nothing" : String.join(", ", changed)) + createdBy
                        + "; reason: " + request.reason().trim());
        revocations.queue(owner.id.toString());
        return Optional.of(view(owner));
    }

    public OwnerView me() {
        UUID id = caller.ownerId().orElseThrow(() -> ApiException.notFound("Owner"));
        return owners.findByIdOptional(id).map(this::view).orElseThrow(() -> ApiException.notFound("Owner"));
    }

    /** The owner, if the caller may see it (REGULATOR, SERVICE, or the owner themself). */
    public Optional<OwnerView> visible(String rawId) {
        Optional<UUID> id = Ids.parse(rawId);
        if (id.isEmpty()) {
            return Optional.empty();
        }
        if (!caller.seesEverything() && !caller.ownerId().equals(id)) {
            return Optional.empty();
        }
        return owners.findByIdOptional(id.get()).map(this::view);
    }

    public Optional<OwnerView> findByPhone(String phone) {
        return owners.findFirstByPhoneHash(crypto.hash(PHONE, MobilePhone.normalise(phone))).map(this::view);
    }

    /** Every owner sharing this phone (masked views, earliest first), for the gateway's SMS login. */
    public java.util.List<OwnerView> allByPhone(String phone) {
        return owners.listByPhoneHash(crypto.hash(PHONE, MobilePhone.normalise(phone)), PHONE_MATCH_LIMIT).stream()
                .map(this::view).toList();
    }

    /** More owners than this on one phone is not a family: the login lists this many. */
    static final int PHONE_MATCH_LIMIT = 20;

    public Optional<Owner> find(UUID id) {
        return owners.findByIdOptional(id);
    }

    public Map<UUID, OwnerView> views(Collection<UUID> ids) {
        Map<UUID, OwnerView> views = new HashMap<>();
        for (Owner owner : owners.findByIds(ids)) {
            views.put(owner.id, view(owner));
        }
        return views;
    }

    public OwnerView view(Owner owner) {
        return new OwnerView(owner.id,
                Masking.name(crypto.decrypt(NAME, owner.id, owner.nameEnc)),
                Masking.idNumber(crypto.decrypt(ID_NUMBER, owner.id, owner.idNumberEnc)),
                Masking.phone(crypto.decrypt(PHONE, owner.id, owner.phoneEnc)));
    }

    /** The masked name only (plate verification shows no more than this). */
    public String maskedName(Owner owner) {
        return Masking.name(crypto.decrypt(NAME, owner.id, owner.nameEnc));
    }
}
