package dev.drawbridge.postgres.server;

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
import dev.drawbridge.policy.GrantAuthorizer;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StatementPolicyTest {

  /** A clock the test moves. */
  private static final class MovableClock extends Clock {
    private Instant now;

    MovableClock(Instant now) {
      this.now = now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void statementsAreRefusedOnceTheGrantThatAdmittedTheSessionLapses() {
    MovableClock clock = new MovableClock(Instant.parse("2026-06-01T23:59:00Z"));
    GrantConfig grant =
        new GrantConfig(
            "g-orders",
            new SubjectConfig("bot", null),
            "orders-db",
            List.of(new RuleConfig(List.of("read"), List.of("*"), null)),
            null,
            null,
            null,
            "alice@example.com",
            "SEC-1",
            LocalDate.of(2026, 6, 1));
    StatementPolicy policy =
        StatementPolicy.connectScoped(GrantAuthorizer.from(List.of(grant), clock));
    Decision.Allow admission = new Decision.Allow("g-orders");
    Operation select = statement("select 1");

    assertThat(policy.decide(select, admission)).isEqualTo(admission);

    clock.now = Instant.parse("2026-06-02T00:00:00Z");
    assertThat(policy.decide(select, admission))
        .isInstanceOfSatisfying(
            Decision.Deny.class,
            deny -> {
              assertThat(deny.reason()).contains("g-orders").contains("expired on 2026-06-01");
              assertThat(deny.remedy()).contains("alice@example.com");
            });
  }

  private static Operation statement(String text) {
    Identity bot = new Identity("sub-bot", "bot", Set.of(), "drawbridge", AuthMethod.JWT, null);
    SessionInfo session =
        new SessionInfo(
            SessionId.next(),
            Protocol.POSTGRES,
            "orders-db",
            bot,
            new InetSocketAddress("127.0.0.1", 40000),
            Instant.parse("2026-06-01T23:00:00Z"));
    return new Operation(session, 2, Action.UNKNOWN, "Query", List.of(), text, System.nanoTime());
  }
}
