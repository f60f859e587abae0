package dev.drawbridge.policy;

import static dev.drawbridge.policy.Fixtures.SUPPORT_BOT;
import static dev.drawbridge.policy.Fixtures.columns;
import static dev.drawbridge.policy.Fixtures.grant;
import static dev.drawbridge.policy.Fixtures.operation;
import static dev.drawbridge.policy.Fixtures.rule;
import static dev.drawbridge.policy.Fixtures.table;
import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.core.model.Action;
import dev.drawbridge.core.model.Decision;
import dev.drawbridge.core.model.Operation;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The example of docs/policy.md ("An example"), row by row: the page says what this checks. */
class DocumentedExampleTest {

  private static final String GRANT = "support-orders-read";

  private static GrantAuthorizer at(Instant now) {
    return GrantAuthorizer.from(
        List.of(
            grant(GRANT)
                .allow(
                    rule("read", "public.orders"),
                    columns(rule("read", "public.customers"), "id", "name", "email"),
                    rule("session"))
                .review(rule("write", "public.orders"))
                .deny(columns(rule("read", "public.customers"), "ssn"))
                .expires(LocalDate.of(2027, 3, 31))
                .config()),
        Clock.fixed(now, ZoneOffset.UTC));
  }

  static Stream<Arguments> rows() {
    return Stream.of(
        Arguments.of(
            "a join naming allowed columns",
            operation(
                SUPPORT_BOT,
                Action.READ,
                table("public.orders", "id", "total"),
                table("public.customers", "name")),
            new Decision.Allow(GRANT)),
        Arguments.of("BEGIN", operation(SUPPORT_BOT, Action.SESSION), new Decision.Allow(GRANT)),
        Arguments.of(
            "UPDATE orders SET status",
            operation(SUPPORT_BOT, Action.WRITE, table("public.orders", "status")),
            new Decision.Review(
                GRANT, "write on public.orders.status needs approval under grant '" + GRANT + "'")),
        Arguments.of(
            "SELECT ssn FROM customers",
            operation(SUPPORT_BOT, Action.READ, table("public.customers", "ssn")),
            new Decision.Deny(
                "grant '" + GRANT + "' denies read on public.customers.ssn",
                "ask its owner (alice@example.com) if you need read on public.customers.ssn")),
        Arguments.of(
            "SELECT * FROM customers",
            operation(SUPPORT_BOT, Action.READ, table("public.customers")),
            new Decision.Deny(
                "grant '"
                    + GRANT
                    + "' denies read on public.customers (columns ssn) and the statement does not"
                    + " name the columns it uses",
                "name the columns you need instead of *")),
        Arguments.of(
            "SELECT * FROM payments",
            operation(SUPPORT_BOT, Action.READ, table("public.payments")),
            new Decision.Deny(
                "needs read on public.payments; grant '" + GRANT + "' allows session only",
                "ask for a grant with read on public.payments on connection 'orders-db'")),
        Arguments.of(
            "DROP TABLE orders",
            operation(SUPPORT_BOT, Action.DDL, table("public.orders")),
            new Decision.Deny(
                "needs ddl on public.orders; grant '"
                    + GRANT
                    + "' allows read, session, write with approval only",
                "ask for a grant with ddl on public.orders on connection 'orders-db'")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void decidesAsDocumented(String name, Operation operation, Decision expected) {
    assertThat(at(Fixtures.NOON).decide(operation)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}, after it expired")
  @MethodSource("rows")
  void refusesEverythingOnceExpired(String name, Operation operation, Decision ignored) {
    assertThat(at(Instant.parse("2027-04-01T00:00:00Z")).decide(operation))
        .isEqualTo(
            new Decision.Deny(
                "grant '" + GRANT + "' for 'orders-db' expired on 2027-03-31",
                "ask its owner (alice@example.com) to renew it"));
  }
}
