package dev.drawbridge.policy;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A statement without resources (DROP SCHEMA, CREATE TYPE, COPY … PROGRAM) may reach beyond every
 * table a rule names: only a rule without tables covers it.
 */
class WithoutResourcesTest {

  private static final Instant NOON = Instant.parse("2026-06-01T12:00:00Z");

  @Test
  void aDdlRuleOnSomeTablesDoesNotCoverADdlThatNamesNone() {
    GrantAuthorizer scratchOnly =
        authorizer(new RuleConfig(List.of("ddl"), List.of("scratch.*"), null));
    assertThat(scratchOnly.decide(operation(Action.DDL)))
        .isInstanceOfSatisfying(
            Decision.Deny.class,
            deny -> assertThat(deny.reason()).contains("beyond any one table").contains("'g'"));
    GrantAuthorizer everywhere = authorizer(new RuleConfig(List.of("ddl"), null, null));
    assertThat(everywhere.decide(operation(Action.DDL))).isEqualTo(new Decision.Allow("g"));
  }

  @Test
  void aReadWithoutTablesTakesAnyReadRule() {
    GrantAuthorizer ordersOnly =
        authorizer(new RuleConfig(List.of("read"), List.of("public.orders"), null));
    assertThat(ordersOnly.decide(operation(Action.READ))).isEqualTo(new Decision.Allow("g"));
  }

  private static GrantAuthorizer authorizer(RuleConfig rule) {
    GrantConfig grant =
        new GrantConfig(
            "g",
            new SubjectConfig("bot", null),
            "db",
            List.of(rule),
            null,
            null,
            null,
            "o@x",
            "r",
            null);
    return GrantAuthorizer.from(List.of(grant), Clock.fixed(NOON, ZoneOffset.UTC));
  }

  private static Operation operation(Action action) {
    Identity bot = new Identity("sub", "bot", Set.of(), "drawbridge", AuthMethod.JWT, null);
    SessionInfo session =
        new SessionInfo(
            SessionId.next(),
            Protocol.POSTGRES,
            "db",
            bot,
            new InetSocketAddress("127.0.0.1", 1),
            NOON);
    return new Operation(session, 2, action, "X", List.of(), "x", 0);
  }
}
