package dev.drawbridge.policy;

import dev.drawbridge.config.GrantConfig;
import dev.drawbridge.config.LimitsConfig;
import dev.drawbridge.config.RuleConfig;
import dev.drawbridge.config.SubjectConfig;
import dev.drawbridge.core.model.Action;
import dev.drawbridge.core.model.AuthMethod;
import dev.drawbridge.core.model.Identity;
import dev.drawbridge.core.model.Operation;
import dev.drawbridge.core.model.Protocol;
import dev.drawbridge.core.model.Resource;
import dev.drawbridge.core.model.SessionId;
import dev.drawbridge.core.model.SessionInfo;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** Grants, rules, identities and operations for policy tests, written the way a file reads. */
final class Fixtures {

  /** Noon on the day the tests live in. */
  static final Instant NOON = Instant.parse("2026-06-01T12:00:00Z");

  static final LocalDate YESTERDAY = LocalDate.of(2026, 5, 31);

  static final String ORDERS = "orders-db";
  static final String BILLING = "billing-db";

  /** Agent {@code support-bot}, member of group {@code support}. */
  static final Identity SUPPORT_BOT = identity("support-bot", "support");

  /** Agent {@code other-bot}, member of group {@code analytics}. */
  static final Identity OTHER_BOT = identity("other-bot", "analytics");

  private Fixtures() {}

  static Identity identity(String agent, String group) {
    return new Identity("sub-" + agent, agent, Set.of(group), "drawbridge", AuthMethod.JWT, null);
  }

  /** A grant for agent {@code support-bot} on {@code orders-db}, owned by alice. */
  static Grant grant(String id) {
    return new Grant(id).agent("support-bot");
  }

  /** {@code actions} (comma-separated) on {@code tables}; no tables means every table. */
  static RuleConfig rule(String actions, String... tables) {
    return new RuleConfig(List.of(actions.split(",")), List.of(tables), List.of());
  }

  /** The same rule, restricted to {@code columns}. */
  static RuleConfig columns(RuleConfig rule, String... columns) {
    return new RuleConfig(rule.actions(), rule.tables(), List.of(columns));
  }

  /** A table by its qualified name (split at the first dot; none: unqualified) and its columns. */
  static Resource.Table table(String qualified, String... columns) {
    int dot = qualified.indexOf('.');
    return dot < 0
        ? new Resource.Table("", qualified, List.of(columns))
        : new Resource.Table(
            qualified.substring(0, dot), qualified.substring(dot + 1), List.of(columns));
  }

  /** A function by its name, qualified or not. */
  static Resource.Function function(String qualified) {
    int dot = qualified.indexOf('.');
    return dot < 0
        ? new Resource.Function("", qualified)
        : new Resource.Function(qualified.substring(0, dot), qualified.substring(dot + 1));
  }

  /** {@code identity} does {@code action} on {@code resources} through {@code orders-db}. */
  static Operation operation(Identity identity, Action action, Resource... resources) {
    return operation(identity, ORDERS, action, resources);
  }

  static Operation operation(
      Identity identity, String connection, Action action, Resource... resources) {
    SessionInfo session =
        new SessionInfo(
            SessionId.next(),
            Protocol.POSTGRES,
            connection,
            identity,
            new InetSocketAddress("127.0.0.1", 50_000),
            NOON);
    return new Operation(
        session, 1, action, action.name(), Arrays.asList(resources), "", System.nanoTime());
  }

  /** A grant being written: agent or group, rules, owner, expiry. */
  static final class Grant {

    private final String id;
    private SubjectConfig subject;
    private String connection = ORDERS;
    private final List<RuleConfig> allow = new ArrayList<>();
    private final List<RuleConfig> review = new ArrayList<>();
    private final List<RuleConfig> deny = new ArrayList<>();
    private Integer rowsPerStatement;
    private String owner = "alice@example.com";
    private LocalDate expires;

    private Grant(String id) {
      this.id = id;
    }

    Grant agent(String name) {
      subject = new SubjectConfig(name, null);
      return this;
    }

    Grant group(String name) {
      subject = new SubjectConfig(null, name);
      return this;
    }

    Grant on(String name) {
      connection = name;
      return this;
    }

    Grant allow(RuleConfig... rules) {
      allow.addAll(List.of(rules));
      return this;
    }

    Grant review(RuleConfig... rules) {
      review.addAll(List.of(rules));
      return this;
    }

    Grant deny(RuleConfig... rules) {
      deny.addAll(List.of(rules));
      return this;
    }

    Grant rowsPerStatement(int rows) {
      rowsPerStatement = rows;
      return this;
    }

    Grant owner(String name) {
      owner = name;
      return this;
    }

    Grant expires(LocalDate day) {
      expires = day;
      return this;
    }

    GrantConfig config() {
      return new GrantConfig(
          id,
          subject,
          connection,
          allow,
          review,
          deny,
          new LimitsConfig(rowsPerStatement),
          owner,
          "SEC-1234",
          expires);
    }
  }
}
