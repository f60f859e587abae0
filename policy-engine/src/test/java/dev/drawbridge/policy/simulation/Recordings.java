package dev.drawbridge.policy.simulation;

import dev.drawbridge.config.GrantConfig;
import dev.drawbridge.config.LimitsConfig;
import dev.drawbridge.config.RuleConfig;
import dev.drawbridge.config.SubjectConfig;
import dev.drawbridge.core.model.Action;
import dev.drawbridge.core.model.Resource;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Grants and recorded operations for simulation tests, written the way a file and a trail read. */
final class Recordings {

  static final String ORDERS = "orders-db";

  /** Noon on the day most recordings were made. */
  static final Instant NOON = Instant.parse("2026-06-01T12:00:00Z");

  private static long sequence;

  private Recordings() {}

  /** {@code actions} (comma-separated) on {@code tables}; no tables means every table. */
  static RuleConfig rule(String actions, String... tables) {
    return new RuleConfig(List.of(actions.split(",")), List.of(tables), List.of());
  }

  /** The same rule, restricted to {@code columns}. */
  static RuleConfig columns(RuleConfig rule, String... columns) {
    return new RuleConfig(rule.actions(), rule.tables(), List.of(columns));
  }

  static Resource.Table table(String schema, String name, String... columns) {
    return new Resource.Table(schema, name, List.of(columns));
  }

  static GrantBuilder grant(String id) {
    return new GrantBuilder(id).agent("support-bot");
  }

  static Verdict allowed(String grant) {
    return new Verdict(Verdict.Kind.ALLOW, grant, "");
  }

  static Verdict held(String grant) {
    return new Verdict(Verdict.Kind.REVIEW, grant, "write on public.orders needs approval");
  }

  static Verdict refused(String reason) {
    return new Verdict(Verdict.Kind.DENY, null, reason);
  }

  /** A refusal worded by the grants. */
  static Verdict refusedByGrants() {
    return refused("needs read on public.payments; no grant of agent 'support-bot' covers it");
  }

  /**
   * {@code agent} (groups {@code groups}) recorded {@code action} on {@code resources} at {@code
   * time}.
   */
  static RecordedOperation recorded(
      Instant time,
      String agent,
      Set<String> groups,
      Verdict verdict,
      Action action,
      Resource... resources) {
    return new RecordedOperation(
        eventAt(time),
        time,
        UUID.randomUUID(),
        ++sequence + 1,
        agent,
        groups,
        true,
        ORDERS,
        action,
        action == Action.CONNECT ? "connect" : action.name(),
        List.of(resources),
        verdict);
  }

  /** support-bot (group support) at noon. */
  static RecordedOperation recorded(Verdict verdict, Action action, Resource... resources) {
    return recorded(NOON, "support-bot", Set.of("support"), verdict, action, resources);
  }

  /** A time-ordered event id for {@code time}, as the gateway makes them (UUIDv7). */
  static UUID eventAt(Instant time) {
    long millis = time.toEpochMilli();
    long random = UUID.randomUUID().getLeastSignificantBits();
    long msb = (millis << 16) | 0x7000L | (random >>> 52 & 0x0fffL);
    long lsb = (random & 0x3fffffffffffffffL) | 0x8000000000000000L;
    return new UUID(msb, lsb);
  }

  /** A grant being written: agent or group, rules, expiry. */
  static final class GrantBuilder {
    private final String id;
    private SubjectConfig subject;
    private final List<RuleConfig> allow = new ArrayList<>();
    private final List<RuleConfig> review = new ArrayList<>();
    private final List<RuleConfig> deny = new ArrayList<>();
    private LocalDate expires;

    private GrantBuilder(String id) {
      this.id = id;
    }

    GrantBuilder agent(String name) {
      subject = new SubjectConfig(name, null);
      return this;
    }

    GrantBuilder group(String name) {
      subject = new SubjectConfig(null, name);
      return this;
    }

    GrantBuilder allow(RuleConfig... rules) {
      allow.addAll(List.of(rules));
      return this;
    }

    GrantBuilder review(RuleConfig... rules) {
      review.addAll(List.of(rules));
      return this;
    }

    GrantBuilder deny(RuleConfig... rules) {
      deny.addAll(List.of(rules));
      return this;
    }

    GrantBuilder expires(LocalDate day) {
      expires = day;
      return this;
    }

    GrantConfig config() {
      return new GrantConfig(
          id,
          subject,
          ORDERS,
          allow,
          review,
          deny,
          LimitsConfig.NONE,
          "alice@example.com",
          "SEC-1234",
          expires);
    }
  }
}
