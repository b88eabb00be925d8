package cn.ebike.registration.owner;

import java.util.UUID;

/** An owner as every response shows it: masked name, ID number and phone. */
public record OwnerView(UUID id, String name, String idNumber, String phone) {
}
