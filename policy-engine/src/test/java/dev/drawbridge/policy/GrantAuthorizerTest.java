package dev.drawbridge.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drawbridge.config.GrantConfig;
import dev.drawbridge.config.RuleConfig;
import dev.drawbridge.config.SubjectConfig;
import dev.drawbridge.core.model.Action;
import dev.drawbridge.core.model.AuthMethod;
import dev.drawbridge.core.model.Decision;
import dev.drawbridge.core.model.Identity;
import dev.drawbridge.core.model.Operation;
import dev.drawbridge.core.model.Protocol;
import dev.drawbridge.core.model.SessionId;
import dev.drawbridge.core.model.SessionInfo;
import dev.drawbridge.testing.MutableClock;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GrantAuthorizerTest {

  /** Noon on the day the tests live in. */
  private static final Instant NOON = Instant.parse("2026-06-01T12:00:00Z");

  private static final LocalDate TODAY = LocalDate.of(2026, 6, 1);
  private static final LocalDate YESTERDAY = TODAY.minusDays(1);

  private static final Identity SUPPORT_BOT = identity("support-bot", "support");
  private static final Identity OTHER_BOT = identity("other-bot", "analytics");

  private static final String ORDERS = "orders-db";
  private static final String BILLING = "billing-db";

  private static final Decision NO_ORDERS_GRANT_FOR_SUPPORT_BOT =
      new Decision.Deny(
          "no grant lets agent 'support-bot' connect to 'orders-db'",
          "ask for a grant on connection 'orders-db'");

  /**
   * One row of the table.
   *
   * @param grants the grants of the file, in order
   * @param now the clock's instant
   * @param identity who connects
   * @param connection to what
   * @param action what it does
   * @param expected the decision
   */
  record Case(
      List<GrantConfig> grants,
      Instant now,
      Identity identity,
      String connection,
      Action action,
      Decision expected) {}

  static Stream<Arguments> cases() {
    return Stream.of(
        row(
            "agent subject",
            new Case(
                List.of(forAgent("g-agent", "support-bot", ORDERS, null)),
                NOON,
                SUPPORT_BOT,
                ORDERS,
                Action.CONNECT,
                new Decision.Allow("g-agent"))),
        row(
            "group subject",
            new Case(
                List.of(forGroup("g-group", "support", ORDERS, null)),
                NOON,
                SUPPORT_BOT,
                ORDERS,
                Action.CONNECT,
                new Decision.Allow("g-group"))),
        row(
            "wrong agent",
            new Case(
                List.of(forAgent("g-other", "other-bot", ORDERS, null)),
                NOON,
                SUPPORT_BOT,
                ORDERS,
                Action.CONNECT,
                NO_ORDERS_GRANT_FOR_SUPPORT_BOT)),
        row(
            "group the agent is not a member of",
            new Case(
                List.of(forGroup("g-analytics", "analytics", ORDERS, null)),
                NOON,
                SUPPORT_BOT,
                ORDERS,
                Action.CONNECT,
                NO_ORDERS_GRANT_FOR_SUPPORT_BOT)),
        row(
            "wrong connection",
            new Case(
                List.of(forAgent("g-billing", "support-bot", BILLING, null)),
                NOON,
                SUPPORT_BOT,
                ORDERS,
                Action.CONNECT,
                NO_ORDERS_GRANT_FOR_SUPPORT_BOT)),
        row(
            "no grants at all",
            new Case(
                List.of(),
                NOON,
                SUPPORT_BOT,
                ORDERS,
                Action.CONNECT,
                NO_ORDERS_GRANT_FOR_SUPPORT_BOT)),
        row(
            "expired yesterday",
            new Case(
                List.of(forAgent("g-old", "support-bot", ORDERS, YESTERDAY)),
                NOON,
                SUPPORT_BOT,
                ORDERS,
                Action.CONNECT,
                new Decision.Deny(
                    "grant 'g-old' for 'orders-db' expired on 2026-05-31",
                    "ask its owner (alice@example.com) to renew it"))),
        row(
            "expiring today, still in force",
            new Case(
                List.of(forAgent("g-today", "support-bot", ORDERS, TODAY)),
                NOON,
                SUPPORT_BOT,
                ORDERS,
                Action.CONNECT,
                new Decision.Allow("g-today"))),
        row(
            "expiring today, last millisecond of the UTC day",
            new Case(
                List.of(forAgent("g-today", "support-bot", ORDERS, TODAY)),
                Instant.parse("2026-06-01T23:59:59.999Z"),
                SUPPORT_BOT,
                ORDERS,
                Action.CONNECT,
                new Decision.Allow("g-today"))),
        row(
            "expired at the next UTC midnight",
            new Case(
                List.of(forAgent("g-today", "support-bot", ORDERS, TODAY)),
                Instant.parse("2026-06-02T00:00:00Z"),
                SUPPORT_BOT,
                ORDERS,
                Action.CONNECT,
                new Decision.Deny(
                    "grant 'g-today' for 'orders-db' expired on 2026-06-01",
                    "ask its owner (alice@example.com) to renew it"))),
        row(
            "expired without an owner",
            new Case(
                List.of(
                    grant(
                        "g-old", new SubjectConfig("support-bot", null), ORDERS, YESTERDAY, null)),
                NOON,
                SUPPORT_BOT,
                ORDERS,
                Action.CONNECT,
                new Decision.Deny(
                    "grant 'g-old' for 'orders-db' expired on 2026-05-31",
                    "ask for grant 'g-old' to be renewed"))),
        row(
            "first of several chosen",
            new Case(
                List.of(
                    forAgent("g-billing", "support-bot", BILLING, null),
                    forGroup("g-first", "support", ORDERS, null),
                    forAgent("g-second", "support-bot", ORDERS, null)),
                NOON,
                SUPPORT_BOT,
                ORDERS,
                Action.CONNECT,
                new Decision.Allow("g-first"))),
        row(
            "an expired grant is passed over for one in force",
            new Case(
                List.of(
                    forAgent("g-old", "support-bot", ORDERS, YESTERDAY),
                    forGroup("g-current", "support", ORDERS, TODAY)),
                NOON,
                SUPPORT_BOT,
                ORDERS,
                Action.CONNECT,
                new Decision.Allow("g-current"))),
        row(
            "the first of several expired grants is cited",
            new Case(
                List.of(
                    forAgent("g-old-1", "support-bot", ORDERS, YESTERDAY.minusDays(30)),
                    forGroup("g-old-2", "support", ORDERS, YESTERDAY)),
                NOON,
                SUPPORT_BOT,
                ORDERS,
                Action.CONNECT,
                new Decision.Deny(
                    "grant 'g-old-1' for 'orders-db' expired on 2026-05-01",
                    "ask its owner (alice@example.com) to renew it"))),
        row(
            "another agent's expired grant is never cited",
            new Case(
                List.of(forAgent("g-secret", "other-bot", ORDERS, YESTERDAY)),
                NOON,
                SUPPORT_BOT,
                ORDERS,
                Action.CONNECT,
                NO_ORDERS_GRANT_FOR_SUPPORT_BOT)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void decides(String name, Case c) {
    GrantAuthorizer authorizer =
        GrantAuthorizer.from(c.grants(), Clock.fixed(c.now(), ZoneOffset.UTC));

    assertThat(authorizer.decide(operation(c.identity(), c.connection(), c.action())))
        .isEqualTo(c.expected());
  }

  @Test
  void theClockIsReadAtEachDecisionNotWhenBuilt() {
    MutableClock clock = new MutableClock(NOON);
    GrantAuthorizer authorizer =
        GrantAuthorizer.from(List.of(forAgent("g-today", "support-bot", ORDERS, TODAY)), clock);
    Operation connect = operation(SUPPORT_BOT, ORDERS, Action.CONNECT);

    assertThat(authorizer.decide(connect)).isEqualTo(new Decision.Allow("g-today"));
    clock.set(Instant.parse("2026-06-02T00:00:00Z"));
    assertThat(authorizer.decide(connect)).isInstanceOf(Decision.Deny.class);
  }

  @Test
  void aGrantWithoutExactlyOneSubjectIsRefusedWhenBuilt() {
    List<GrantConfig> both =
        List.of(grant("g-both", new SubjectConfig("support-bot", "support"), ORDERS, null, null));

    assertThatThrownBy(() -> GrantAuthorizer.from(both, Clock.systemUTC()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("grant 'g-both': a subject needs exactly one of agent or group");
  }

  @Test
  void aGrantThatDeniesConnectWinsOverOneThatAllows() {
    GrantConfig allows = forAgent("g-allow", "support-bot", ORDERS, null);
    GrantConfig denies =
        new GrantConfig(
            "g-deny-connect",
            new SubjectConfig(null, "support"),
            ORDERS,
            null,
            null,
            List.of(new RuleConfig(List.of("connect"), null, null)),
            null,
            "bob@example.com",
            "SEC-99",
            null);
    GrantAuthorizer authorizer =
        GrantAuthorizer.from(List.of(allows, denies), Clock.fixed(NOON, ZoneOffset.UTC));

    assertThat(authorizer.decide(operation(SUPPORT_BOT, ORDERS, Action.CONNECT)))
        .isEqualTo(
            new Decision.Deny(
                "grant 'g-deny-connect' denies connecting to 'orders-db'",
                "ask its owner (bob@example.com) if you need this connection"));
  }

  @Test
  void aGrantOfDenyRulesOnlyLetsNobodyIn() {
    GrantConfig denyOnly =
        new GrantConfig(
            "g-deny-writes",
            new SubjectConfig("support-bot", null),
            ORDERS,
            null,
            null,
            List.of(new RuleConfig(List.of("write"), List.of("public.orders"), null)),
            null,
            "bob@example.com",
            "SEC-99",
            null);
    GrantAuthorizer authorizer =
        GrantAuthorizer.from(List.of(denyOnly), Clock.fixed(NOON, ZoneOffset.UTC));

    assertThat(authorizer.decide(operation(SUPPORT_BOT, ORDERS, Action.CONNECT)))
        .isEqualTo(NO_ORDERS_GRANT_FOR_SUPPORT_BOT);
  }

  @Test
  void theRowLimitIsTheCitedGrantsOwn() {
    GrantAuthorizer authorizer =
        GrantAuthorizer.from(
            List.of(
                Fixtures.grant("g-limited")
                    .allow(Fixtures.rule("read"))
                    .rowsPerStatement(10_000)
                    .config(),
                Fixtures.grant("g-unlimited").allow(Fixtures.rule("read")).config()),
            Clock.fixed(NOON, ZoneOffset.UTC));

    assertThat(authorizer.rowLimit("g-limited")).isEqualTo(OptionalLong.of(10_000));
    assertThat(authorizer.rowLimit("g-unlimited")).isEqualTo(OptionalLong.empty());
    assertThat(authorizer.rowLimit("no-such-grant")).isEqualTo(OptionalLong.empty());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidRules")
  void aGrantWithAnInvalidRuleIsRefusedWhenBuilt(RuleConfig rule, String message) {
    List<GrantConfig> grants = List.of(Fixtures.grant("g-bad").deny(rule).config());

    assertThatThrownBy(() -> GrantAuthorizer.from(grants, Clock.systemUTC()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  static Stream<Arguments> invalidRules() {
    return Stream.of(
        Arguments.of(
            new RuleConfig(List.of("reed"), List.of(), List.of()),
            "grant 'g-bad': unknown action 'reed'"),
        Arguments.of(
            new RuleConfig(List.of("read"), List.of(""), List.of()),
            "grant 'g-bad': a table glob must not be empty"),
        Arguments.of(
            new RuleConfig(List.of("read"), List.of("public."), List.of()),
            "grant 'g-bad': table glob 'public.' needs a schema and a name on each side of its"
                + " dot"),
        Arguments.of(
            new RuleConfig(List.of("read"), List.of("public.*"), List.of(" ")),
            "grant 'g-bad': a column name must not be empty"));
  }

  private static Arguments row(String name, Case c) {
    return Arguments.of(name, c);
  }

  private static GrantConfig forAgent(
      String id, String agent, String connection, LocalDate expires) {
    return grant(id, new SubjectConfig(agent, null), connection, expires, "alice@example.com");
  }

  private static GrantConfig forGroup(
      String id, String group, String connection, LocalDate expires) {
    return grant(id, new SubjectConfig(null, group), connection, expires, "alice@example.com");
  }

  private static GrantConfig grant(
      String id, SubjectConfig subject, String connection, LocalDate expires, String owner) {
    return new GrantConfig(
        id,
        subject,
        connection,
        List.of(new RuleConfig(List.of("read"), List.of("public.orders"), null)),
        null,
        null,
        null,
        owner,
        "SEC-1234",
        expires);
  }

  private static Identity identity(String agent, String group) {
    return new Identity("sub-" + agent, agent, Set.of(group), "drawbridge", AuthMethod.JWT, null);
  }

  private static Operation operation(Identity identity, String connection, Action action) {
    SessionInfo session =
        new SessionInfo(
            SessionId.next(),
            Protocol.POSTGRES,
            connection,
            identity,
            new InetSocketAddress("127.0.0.1", 50_000),
            NOON);
    String verb = action == Action.CONNECT ? "startup" : "SELECT";
    return new Operation(session, 1, action, verb, List.of(), "", System.nanoTime());
  }
}
