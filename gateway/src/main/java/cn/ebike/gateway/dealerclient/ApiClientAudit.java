package cn.ebike.gateway.dealerclient;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** Who created, rotated, changed or revoked a client, and when. Rows are only ever added. */
@Entity
@Table(name = "api_client_audit")
public class ApiClientAudit {

    public enum Action { CREATED, SECRET_ADDED, SECRET_REVOKED, UPDATED, REVOKED }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "client", nullable = false)
    public UUID client;

    @Column(nullable = false)
    public Instant at;

    @Column(nullable = false, length = 200)
    public String actor;

    @Column(name = "actor_role", nullable = false, length = 16)
    public String actorRole;

    @Column(nullable = false, length = 32)
    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    public Action action;

    @Column(name = "secret_id")
    public UUID secretId;

    @Column(length = 500)
    public String detail;
}
