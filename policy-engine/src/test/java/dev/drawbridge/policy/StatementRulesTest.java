package dev.drawbridge.policy;

import static dev.drawbridge.policy.Fixtures.BILLING;
import static dev.drawbridge.policy.Fixtures.NOON;
import static dev.drawbridge.policy.Fixtures.OTHER_BOT;
import static dev.drawbridge.policy.Fixtures.SUPPORT_BOT;
import static dev.drawbridge.policy.Fixtures.YESTERDAY;
import static dev.drawbridge.policy.Fixtures.columns;
import static dev.drawbridge.policy.Fixtures.function;
import static dev.drawbridge.policy.Fixtures.grant;
import static dev.drawbridge.policy.Fixtures.operation;
import static dev.drawbridge.policy.Fixtures.rule;
import static dev.drawbridge.policy.Fixtures.table;
import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.core.model.Action;
import dev.drawbridge.core.model.Decision;
import dev.drawbridge.core.model.Operation;
import dev.drawbridge.core.model.Resource;
import dev.drawbridge.testing.MutableClock;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Statement-level rules: each row is the grants of a file, one operation and its decision. */
class StatementRulesTest {

  private static final Decision NO_GRANT_TO_CONNECT =
      new Decision.Deny(
          "no grant lets agent 'support-bot' connect to 'orders-db'",
          "ask for a grant on connection 'orders-db'");

  static Stream<Arguments> subjects() {
    return Stream.of(
        row(
            "an agent's grant allows",
            List.of(grant("g-agent").allow(rule("read", "public.orders"))),
            operation(SUPPORT_BOT, Action.READ, table("public.orders", "id")),
            allowed("g-agent")),
        row(
            "a group's grant allows its members",
            List.of(grant("g-group").group("support").allow(rule("read", "public.orders"))),
            operation(SUPPORT_BOT, Action.READ, table("public.orders", "id")),
            allowed("g-group")),
        row(
            "another agent's grant does not allow",
            List.of(grant("g-theirs").agent("other-bot").allow(rule("read", "public.orders"))),
            operation(SUPPORT_BOT, Action.READ, table("public.orders", "id")),
            NO_GRANT_TO_CONNECT),
        row(
            "a group the agent is not a member of does not allow",
            List.of(grant("g-analytics").group("analytics").allow(rule("read", "public.orders"))),
            operation(SUPPORT_BOT, Action.READ, table("public.orders", "id")),
            NO_GRANT_TO_CONNECT),
        row(
            "a grant on another connection does not allow",
            List.of(grant("g-billing").on(BILLING).allow(rule("read", "public.orders"))),
            operation(SUPPORT_BOT, Action.READ, table("public.orders", "id")),
            NO_GRANT_TO_CONNECT),
        row(
            "the first grant of the file that covers is cited",
            List.of(
                grant("g-first").group("support").allow(rule("read", "public.*")),
                grant("g-second").allow(rule("read", "public.orders"))),
            operation(SUPPORT_BOT, Action.READ, table("public.orders", "id")),
            allowed("g-first")),
        row(
            "another agent's grant on the action is never cited",
            List.of(
                grant("g-mine").allow(rule("read", "public.orders")),
                grant("g-theirs").agent("other-bot").allow(rule("write", "public.orders"))),
            operation(SUPPORT_BOT, Action.WRITE, table("public.orders")),
            refused(
                "needs write on public.orders; grant 'g-mine' allows read only",
                "ask for a grant with write on public.orders on connection 'orders-db'")),
        row(
            "another agent's grant on the table is never cited",
            List.of(
                grant("g-mine").allow(rule("read", "public.orders")),
                grant("g-theirs").agent("other-bot").allow(rule("read", "public.payments"))),
            operation(SUPPORT_BOT, Action.READ, table("public.payments")),
            uncovered("read on public.payments")),
        row(
            "a grant on another connection is never cited",
            List.of(
                grant("g-mine").allow(rule("read", "public.orders")),
                grant("g-billing").on(BILLING).allow(rule("read", "public.payments"))),
            operation(SUPPORT_BOT, Action.READ, table("public.payments")),
            uncovered("read on public.payments")));
  }

  static Stream<Arguments> globs() {
    return Stream.of(
        glob("public.orders covers public.orders", "public.orders", "public.orders", true),
        glob("public.orders is not a prefix", "public.orders", "public.orders_items", false),
        glob("public.orders names one schema", "public.orders", "sales.orders", false),
        glob("matching is case-sensitive", "public.Orders", "public.orders", false),
        glob("public.* covers every table of public", "public.*", "public.payments", true),
        glob("public.* covers no other schema", "public.*", "sales.payments", false),
        glob("* covers every table", "*", "sales.payments", true),
        glob("* covers an unqualified table", "*", "orders", true),
        glob("*.* covers every table", "*.*", "sales.payments", true),
        glob("*.orders covers orders in every schema", "*.orders", "sales.orders", true),
        glob("*.orders covers nothing else", "*.orders", "sales.orders_archive", false),
        glob("a glob without a dot names every schema", "orders", "sales.orders", true),
        glob("a star within a name", "public.order*", "public.orders_archive", true),
        glob("a star before a suffix", "public.*_log", "public.audit_log", true),
        glob("a suffix must end the name", "public.*_log", "public.logbook", false),
        glob("a star within a schema", "p*c.orders", "public.orders", true),
        glob("a star never reaches across the dot", "public*", "public.orders", false),
        glob("a name with a dot is still in its schema", "public.*", "public.a.b", true),
        glob(
            "a qualified glob does not cover an unqualified name",
            "public.orders",
            "orders",
            false),
        glob("*.orders covers an unqualified name", "*.orders", "orders", true),
        row(
            "a rule without tables covers every table",
            List.of(grant("g").allow(rule("read"))),
            operation(SUPPORT_BOT, Action.READ, table("sales.payments")),
            allowed("g")),
        row(
            "a rule covers each of its globs",
            List.of(grant("g").allow(rule("read", "public.orders", "public.customers"))),
            operation(SUPPORT_BOT, Action.READ, table("public.customers")),
            allowed("g")));
  }

  static Stream<Arguments> functions() {
    return Stream.of(
        row(
            "a function is matched by the table globs",
            List.of(grant("g").allow(rule("execute", "public.*"))),
            operation(SUPPORT_BOT, Action.EXECUTE, function("public.refund")),
            allowed("g")),
        row(
            "a function of another schema is not covered",
            List.of(grant("g").allow(rule("execute", "public.*"))),
            operation(SUPPORT_BOT, Action.EXECUTE, function("sales.refund")),
            uncovered("execute on function sales.refund")),
        row(
            "an unqualified function is covered by *",
            List.of(grant("g").allow(rule("execute", "*"))),
            operation(SUPPORT_BOT, Action.EXECUTE, function("now")),
            allowed("g")),
        row(
            "an unqualified function is covered by a glob without a dot",
            List.of(grant("g").allow(rule("execute", "now"))),
            operation(SUPPORT_BOT, Action.EXECUTE, function("now")),
            allowed("g")),
        row(
            "an unqualified function is not covered by a qualified glob",
            List.of(grant("g").allow(rule("execute", "pg_catalog.now"))),
            operation(SUPPORT_BOT, Action.EXECUTE, function("now")),
            uncovered("execute on function now")),
        row(
            "a deny on a qualified function refuses its unqualified name",
            List.of(grant("g").allow(rule("execute")).deny(rule("execute", "pg_catalog.pg_sleep"))),
            operation(SUPPORT_BOT, Action.EXECUTE, function("pg_sleep")),
            refused(
                "grant 'g' denies execute on function pg_sleep",
                "ask its owner (alice@example.com) if you need execute on function pg_sleep")),
        row(
            "a rule with columns does not cover a function",
            List.of(grant("g").allow(columns(rule("execute", "public.*"), "id"))),
            operation(SUPPORT_BOT, Action.EXECUTE, function("public.refund")),
            refused(
                "needs execute on function public.refund; grant 'g' allows execute (columns id)"
                    + " only",
                "ask for a grant with execute on function public.refund on connection"
                    + " 'orders-db'")),
        row(
            "a deny rule with columns refuses a function, whose columns are unknown",
            List.of(
                grant("g")
                    .allow(rule("execute"))
                    .deny(columns(rule("execute", "public.*"), "ssn"))),
            operation(SUPPORT_BOT, Action.EXECUTE, function("public.refund")),
            refused(
                "grant 'g' denies execute on function public.refund",
                "ask its owner (alice@example.com) if you need execute on function"
                    + " public.refund")));
  }

  static Stream<Arguments> columnRules() {
    return Stream.of(
        row(
            "a rule with columns covers the columns it lists",
            List.of(grant("g").allow(columns(rule("read", "public.orders"), "id", "total"))),
            operation(SUPPORT_BOT, Action.READ, table("public.orders", "total", "id")),
            allowed("g")),
        row(
            "a column it does not list is not covered",
            List.of(grant("g").allow(columns(rule("read", "public.orders"), "id", "total"))),
            operation(SUPPORT_BOT, Action.READ, table("public.orders", "id", "secret")),
            refused(
                "needs read on public.orders.secret; grant 'g' allows read (columns id, total)"
                    + " only",
                "ask for a grant with read on public.orders.secret on connection 'orders-db'")),
        row(
            "SELECT * is not covered by a rule with columns",
            List.of(grant("g").allow(columns(rule("read", "public.orders"), "id", "total"))),
            operation(SUPPORT_BOT, Action.READ, table("public.orders")),
            refused(
                "needs read on every column of public.orders; grant 'g' allows read (columns id,"
                    + " total) only",
                "name the columns you need instead of *, or ask for a grant with read on every"
                    + " column of public.orders on connection 'orders-db'")),
        row(
            "SELECT * is covered by a rule without columns",
            List.of(grant("g").allow(rule("read", "public.orders"))),
            operation(SUPPORT_BOT, Action.READ, table("public.orders")),
            allowed("g")),
        row(
            "columns listed by two rules of a grant are covered together",
            List.of(
                grant("g")
                    .allow(
                        columns(rule("read", "public.orders"), "id"),
                        columns(rule("read", "public.orders"), "total"))),
            operation(SUPPORT_BOT, Action.READ, table("public.orders", "id", "total")),
            allowed("g")),
        row(
            "columns listed by two grants are covered together, citing the first column's",
            List.of(
                grant("g-id").allow(columns(rule("read", "public.orders"), "id")),
                grant("g-total").allow(columns(rule("read", "public.orders"), "total"))),
            operation(SUPPORT_BOT, Action.READ, table("public.orders", "total", "id")),
            allowed("g-total")),
        row(
            "a rule's columns do not stretch to another table",
            List.of(grant("g").allow(columns(rule("read", "public.orders"), "id"))),
            operation(SUPPORT_BOT, Action.READ, table("public.customers", "id")),
            uncovered("read on public.customers.id")));
  }

  static Stream<Arguments> denyRules() {
    return Stream.of(
        row(
            "a deny in the same grant beats its allow",
            List.of(
                grant("g").allow(rule("read", "public.*")).deny(rule("read", "public.payments"))),
            operation(SUPPORT_BOT, Action.READ, table("public.payments", "amount")),
            refused(
                "grant 'g' denies read on public.payments",
                "ask its owner (alice@example.com) if you need read on public.payments")),
        row(
            "the rest of that grant still allows",
            List.of(
                grant("g").allow(rule("read", "public.*")).deny(rule("read", "public.payments"))),
            operation(SUPPORT_BOT, Action.READ, table("public.orders", "id")),
            allowed("g")),
        row(
            "a deny in a later grant beats an earlier grant's allow",
            List.of(
                grant("g-allow").allow(rule("read,write")),
                grant("g-deny")
                    .group("support")
                    .owner("bob@example.com")
                    .deny(rule("write", "public.orders"))),
            operation(SUPPORT_BOT, Action.WRITE, table("public.orders", "status")),
            refused(
                "grant 'g-deny' denies write on public.orders",
                "ask its owner (bob@example.com) if you need write on public.orders")),
        row(
            "a deny of another action does not refuse",
            List.of(
                grant("g-allow").allow(rule("read,write")),
                grant("g-deny").group("support").deny(rule("write", "public.orders"))),
            operation(SUPPORT_BOT, Action.READ, table("public.orders", "status")),
            allowed("g-allow")),
        row(
            "a deny of a grant without an owner has no remedy",
            List.of(
                grant("g").owner(null).allow(rule("read")).deny(rule("read", "public.payments"))),
            operation(SUPPORT_BOT, Action.READ, table("public.payments")),
            refused("grant 'g' denies read on public.payments", "")),
        row(
            "a deny on one table of a join refuses the join",
            List.of(grant("g").allow(rule("read")).deny(rule("read", "public.payments"))),
            operation(SUPPORT_BOT, Action.READ, table("public.orders"), table("public.payments")),
            refused(
                "grant 'g' denies read on public.payments",
                "ask its owner (alice@example.com) if you need read on public.payments")),
        row(
            "a deny without tables refuses a statement without resources",
            List.of(
                grant("g").allow(rule("ddl")),
                grant("g-deny").owner("bob@example.com").deny(rule("ddl"))),
            operation(SUPPORT_BOT, Action.DDL),
            refused(
                "grant 'g-deny' denies ddl", "ask its owner (bob@example.com) if you need ddl")),
        row(
            "a deny without tables refuses its action on every table",
            List.of(
                grant("g").allow(rule("ddl")),
                grant("g-deny").owner("bob@example.com").deny(rule("ddl"))),
            operation(SUPPORT_BOT, Action.DDL, table("sales.anything")),
            refused(
                "grant 'g-deny' denies ddl on sales.anything",
                "ask its owner (bob@example.com) if you need ddl on sales.anything")),
        row(
            "a deny with tables does not refuse a statement without resources",
            List.of(grant("g").allow(rule("session")).deny(rule("session", "public.orders"))),
            operation(SUPPORT_BOT, Action.SESSION),
            allowed("g")),
        row(
            "a lapsed grant's deny no longer refuses",
            List.of(
                grant("g-allow").allow(rule("write")),
                grant("g-deny").expires(YESTERDAY).deny(rule("write", "public.orders"))),
            operation(SUPPORT_BOT, Action.WRITE, table("public.orders")),
            allowed("g-allow")),
        row(
            "another agent's deny does not refuse",
            List.of(
                grant("g-allow").allow(rule("write")),
                grant("g-deny").agent("other-bot").deny(rule("write", "public.orders"))),
            operation(SUPPORT_BOT, Action.WRITE, table("public.orders")),
            allowed("g-allow")),
        row(
            "a deny beats a review",
            List.of(
                grant("g")
                    .review(rule("write", "public.orders"))
                    .deny(rule("write", "public.orders"))),
            operation(SUPPORT_BOT, Action.WRITE, table("public.orders")),
            refused(
                "grant 'g' denies write on public.orders",
                "ask its owner (alice@example.com) if you need write on public.orders")),
        row(
            "a deny on a column the statement uses",
            List.of(
                grant("g")
                    .allow(rule("read", "public.*"))
                    .deny(columns(rule("read", "public.customers"), "ssn"))),
            operation(SUPPORT_BOT, Action.READ, table("public.customers", "id", "ssn")),
            refused(
                "grant 'g' denies read on public.customers.ssn",
                "ask its owner (alice@example.com) if you need read on public.customers.ssn")),
        row(
            "a deny on a column the statement does not use",
            List.of(
                grant("g")
                    .allow(rule("read", "public.*"))
                    .deny(columns(rule("read", "public.customers"), "ssn"))),
            operation(SUPPORT_BOT, Action.READ, table("public.customers", "id", "name")),
            allowed("g")),
        row(
            "a deny on a column refuses a statement that does not name its columns",
            List.of(
                grant("g")
                    .allow(rule("read", "public.*"))
                    .deny(columns(rule("read", "public.customers"), "ssn"))),
            operation(SUPPORT_BOT, Action.READ, table("public.customers")),
            refused(
                "grant 'g' denies read on public.customers (columns ssn) and the statement does"
                    + " not name the columns it uses",
                "name the columns you need instead of *")),
        row(
            "a deny on columns does not refuse a statement without resources",
            List.of(grant("g").allow(rule("read")).deny(columns(rule("read"), "ssn"))),
            operation(SUPPORT_BOT, Action.READ),
            allowed("g")));
  }

  static Stream<Arguments> reviewRules() {
    return Stream.of(
        row(
            "a review rule holds the operation",
            List.of(
                grant("g")
                    .allow(rule("read", "public.orders"))
                    .review(rule("write", "public.orders"))),
            operation(SUPPORT_BOT, Action.WRITE, table("public.orders")),
            held("g", "write on public.orders needs approval under grant 'g'")),
        row(
            "a review of named columns names the first held",
            List.of(grant("g").review(rule("write", "public.orders"))),
            operation(SUPPORT_BOT, Action.WRITE, table("public.orders", "status", "note")),
            held("g", "write on public.orders.status needs approval under grant 'g'")),
        row(
            "an allow in another grant beats a review",
            List.of(
                grant("g-review").review(rule("write", "public.orders")),
                grant("g-allow").allow(rule("write", "public.orders"))),
            operation(SUPPORT_BOT, Action.WRITE, table("public.orders")),
            allowed("g-allow")),
        row(
            "a join of an allowed and a held table is held, citing the review's grant",
            List.of(
                grant("g").allow(rule("read", "public.orders")),
                grant("g-review").review(rule("read", "public.payments"))),
            operation(SUPPORT_BOT, Action.READ, table("public.orders"), table("public.payments")),
            held("g-review", "read on public.payments needs approval under grant 'g-review'")),
        row(
            "a held table does not excuse an uncovered one",
            List.of(grant("g").review(rule("read", "public.orders"))),
            operation(SUPPORT_BOT, Action.READ, table("public.orders"), table("public.payments")),
            uncovered("read on public.payments")),
        row(
            "a review without resources",
            List.of(grant("g").review(rule("ddl"))),
            operation(SUPPORT_BOT, Action.DDL),
            held("g", "ddl needs approval under grant 'g'")),
        row(
            "a review covers columns an allow does not",
            List.of(
                grant("g")
                    .allow(columns(rule("read", "public.customers"), "id"))
                    .review(columns(rule("read", "public.customers"), "email"))),
            operation(SUPPORT_BOT, Action.READ, table("public.customers", "id", "email")),
            held("g", "read on public.customers.email needs approval under grant 'g'")));
  }

  static Stream<Arguments> defaultDeny() {
    return Stream.of(
        row(
            "needs write; the agent's grant allows read only",
            List.of(
                grant("support-orders-read")
                    .allow(rule("read", "public.orders", "public.customers"))),
            operation(SUPPORT_BOT, Action.WRITE, table("public.orders")),
            refused(
                "needs write on public.orders; grant 'support-orders-read' allows read only",
                "ask for a grant with write on public.orders on connection 'orders-db'")),
        row(
            "needs write on a column; the agent's grant allows read only",
            List.of(grant("support-orders-read").allow(rule("read", "public.orders"))),
            operation(SUPPORT_BOT, Action.WRITE, table("public.orders", "status")),
            refused(
                "needs write on public.orders.status; grant 'support-orders-read' allows read only",
                "ask for a grant with write on public.orders.status on connection 'orders-db'")),
        row(
            "needs read on a table no grant of the agent covers",
            List.of(grant("support-orders-read").allow(rule("read", "public.orders"))),
            operation(SUPPORT_BOT, Action.READ, table("public.payments")),
            uncovered("read on public.payments")),
        row(
            "what a grant allows and holds for review",
            List.of(
                grant("g")
                    .allow(rule("read", "public.orders"))
                    .review(rule("write", "public.orders"))),
            operation(SUPPORT_BOT, Action.DDL, table("public.orders")),
            refused(
                "needs ddl on public.orders; grant 'g' allows read, write with approval only",
                "ask for a grant with ddl on public.orders on connection 'orders-db'")),
        row(
            "an action allowed outright is not listed again as held",
            List.of(
                grant("g")
                    .allow(rule("read", "public.orders"))
                    .review(rule("read,write", "public.orders"))),
            operation(SUPPORT_BOT, Action.DDL, table("public.orders")),
            refused(
                "needs ddl on public.orders; grant 'g' allows read, write with approval only",
                "ask for a grant with ddl on public.orders on connection 'orders-db'")),
        row(
            "a grant with a rule on the action is cited before one on other actions",
            List.of(
                grant("g-write").allow(rule("write", "public.orders")),
                grant("g-cols").allow(columns(rule("read", "public.orders"), "id"))),
            operation(SUPPORT_BOT, Action.READ, table("public.orders", "secret")),
            refused(
                "needs read on public.orders.secret; grant 'g-cols' allows read (columns id) only",
                "ask for a grant with read on public.orders.secret on connection 'orders-db'")),
        row(
            "session statements come with being admitted, whatever the rules name",
            List.of(grant("g").allow(rule("read", "public.orders"))),
            operation(SUPPORT_BOT, Action.SESSION),
            allowed("g")),
        row(
            "an explicit deny on session still refuses it",
            List.of(grant("g").allow(rule("read", "public.orders")).deny(rule("session"))),
            operation(SUPPORT_BOT, Action.SESSION),
            refused(
                "grant 'g' denies session",
                "ask its owner (alice@example.com) if you need session")),
        row(
            "needs an action for a statement without resources",
            List.of(grant("g").allow(rule("read", "public.orders"))),
            operation(SUPPORT_BOT, Action.DDL),
            refused(
                "needs ddl; grant 'g' allows read only",
                "ask for a grant with ddl on connection 'orders-db'")),
        row(
            "every table of a join must be covered",
            List.of(grant("g").allow(rule("read", "public.orders"))),
            operation(
                SUPPORT_BOT, Action.READ, table("public.orders", "id"), table("public.payments")),
            uncovered("read on public.payments")),
        row(
            "a join covered by two grants cites the first table's",
            List.of(
                grant("g-orders").allow(rule("read", "public.orders")),
                grant("g-payments").allow(rule("read", "public.payments"))),
            operation(SUPPORT_BOT, Action.READ, table("public.payments"), table("public.orders")),
            allowed("g-payments")),
        row(
            "a statement without resources needs a rule on its action, whatever its tables",
            List.of(grant("g").allow(rule("read", "public.orders"))),
            operation(SUPPORT_BOT, Action.READ),
            allowed("g")),
        row(
            "unknown is not allowed by rules on every other action",
            List.of(grant("g").allow(rule("read,write,ddl,admin,execute,session"))),
            operation(SUPPORT_BOT, Action.UNKNOWN),
            refused(
                "needs unknown; grant 'g' allows read, write, ddl, admin, execute, session only",
                "ask for a grant with unknown on connection 'orders-db'")),
        row(
            "unknown on a table is not allowed by rules on every other action",
            List.of(grant("g").allow(rule("read,write,ddl,admin,execute,session"))),
            operation(SUPPORT_BOT, Action.UNKNOWN, table("public.orders")),
            refused(
                "needs unknown on public.orders; grant 'g' allows read, write, ddl, admin,"
                    + " execute, session only",
                "ask for a grant with unknown on public.orders on connection 'orders-db'")),
        row(
            "a rule naming unknown allows it",
            List.of(grant("g").allow(rule("unknown"))),
            operation(SUPPORT_BOT, Action.UNKNOWN),
            allowed("g")),
        row(
            "a rule naming unknown without tables covers it on a table",
            List.of(grant("g").allow(rule("unknown"))),
            operation(SUPPORT_BOT, Action.UNKNOWN, table("public.orders")),
            allowed("g")));
  }

  static Stream<Arguments> lapsing() {
    return Stream.of(
        row(
            "a lapsed grant never allows, one in force does",
            List.of(
                grant("g-old").expires(YESTERDAY).allow(rule("write", "public.orders")),
                grant("g-now").allow(rule("read", "public.orders"))),
            operation(SUPPORT_BOT, Action.READ, table("public.orders")),
            allowed("g-now")),
        row(
            "a lapsed grant is never cited for what it allowed",
            List.of(
                grant("g-old").expires(YESTERDAY).allow(rule("write", "public.orders")),
                grant("g-now").allow(rule("read", "public.orders"))),
            operation(SUPPORT_BOT, Action.WRITE, table("public.orders")),
            refused(
                "needs write on public.orders; grant 'g-now' allows read only",
                "ask for a grant with write on public.orders on connection 'orders-db'")),
        row(
            "only lapsed grants: the connect refusal",
            List.of(grant("g-old").expires(YESTERDAY).allow(rule("read"))),
            operation(SUPPORT_BOT, Action.READ, table("public.orders")),
            refused(
                "grant 'g-old' for 'orders-db' expired on 2026-05-31",
                "ask its owner (alice@example.com) to renew it")),
        row(
            "no grant at all: the connect refusal",
            List.of(),
            operation(SUPPORT_BOT, Action.READ, table("public.orders")),
            NO_GRANT_TO_CONNECT),
        row(
            "a grant that denies connect refuses every statement",
            List.of(
                grant("g").allow(rule("read")),
                grant("g-deny").owner("bob@example.com").deny(rule("connect"))),
            operation(SUPPORT_BOT, Action.READ, table("public.orders")),
            refused(
                "grant 'g-deny' denies connecting to 'orders-db'",
                "ask its owner (bob@example.com) if you need this connection")),
        row(
            "a grant of deny rules only lets nothing through",
            List.of(grant("g-deny").deny(rule("write", "public.orders"))),
            operation(SUPPORT_BOT, Action.READ, table("public.orders")),
            NO_GRANT_TO_CONNECT));
  }

  static Stream<Arguments> otherResources() {
    return Stream.of(
        row(
            "an HTTP path is never covered",
            List.of(grant("g").allow(rule("read"))),
            operation(SUPPORT_BOT, Action.READ, new Resource.Path("GET", "/orders")),
            refused("needs read on path GET /orders; grants cover only tables and functions", "")),
        row(
            "a command is never covered",
            List.of(grant("g").allow(rule("execute"))),
            operation(SUPPORT_BOT, Action.EXECUTE, new Resource.Command(List.of("ls", "-l"))),
            refused("needs execute on command ls -l; grants cover only tables and functions", "")),
        row(
            "a file is never covered",
            List.of(grant("g").allow(rule("read", "*"))),
            operation(SUPPORT_BOT, Action.READ, new Resource.File("/etc/passwd")),
            refused("needs read on file /etc/passwd; grants cover only tables and functions", "")),
        row(
            "a deny without tables refuses them, citing its grant",
            List.of(grant("g").allow(rule("read")).deny(rule("read"))),
            operation(SUPPORT_BOT, Action.READ, new Resource.Path("GET", "/orders")),
            refused(
                "grant 'g' denies read on path GET /orders",
                "ask its owner (alice@example.com) if you need read on path GET /orders")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource({
    "subjects",
    "globs",
    "functions",
    "columnRules",
    "denyRules",
    "reviewRules",
    "defaultDeny",
    "lapsing",
    "otherResources"
  })
  void decides(String name, List<Fixtures.Grant> grants, Operation operation, Decision expected) {
    GrantAuthorizer authorizer =
        GrantAuthorizer.from(
            grants.stream().map(Fixtures.Grant::config).toList(),
            Clock.fixed(NOON, ZoneOffset.UTC));

    assertThat(authorizer.decide(operation)).isEqualTo(expected);
  }

  @ParameterizedTest
  @EnumSource(value = Action.class, names = "CONNECT", mode = EnumSource.Mode.EXCLUDE)
  void eachActionIsAllowedByARuleNamingIt(Action action) {
    GrantAuthorizer authorizer = authorizer(grant("g").allow(rule(action.configName())));

    assertThat(authorizer.decide(operation(SUPPORT_BOT, action, table("public.orders"))))
        .isEqualTo(allowed("g"));
    assertThat(authorizer.decide(operation(SUPPORT_BOT, action))).isEqualTo(allowed("g"));
  }

  @ParameterizedTest
  @EnumSource(value = Action.class, names = "CONNECT", mode = EnumSource.Mode.EXCLUDE)
  void eachActionIsRefusedByRulesNamingEveryOther(Action action) {
    String others =
        Arrays.stream(Action.values())
            .filter(a -> a != action && a != Action.CONNECT)
            .map(Action::configName)
            .collect(Collectors.joining(","));
    GrantAuthorizer authorizer = authorizer(grant("g").allow(rule(others)));

    assertThat(authorizer.decide(operation(SUPPORT_BOT, action, table("public.orders"))))
        .isEqualTo(
            refused(
                "needs "
                    + action.configName()
                    + " on public.orders; grant 'g' allows "
                    + others.replace(",", ", ")
                    + " only",
                "ask for a grant with "
                    + action.configName()
                    + " on public.orders on connection 'orders-db'"));
  }

  @Test
  void aGrantThatLapsesDuringASessionStopsAllowingItsStatements() {
    MutableClock clock = new MutableClock(NOON);
    GrantAuthorizer authorizer =
        GrantAuthorizer.from(
            List.of(grant("g").expires(YESTERDAY.plusDays(1)).allow(rule("read")).config()), clock);
    Operation read = operation(SUPPORT_BOT, Action.READ, table("public.orders"));

    assertThat(authorizer.decide(read)).isEqualTo(allowed("g"));
    clock.set(Instant.parse("2026-06-02T00:00:00Z"));
    assertThat(authorizer.decide(read))
        .isEqualTo(
            refused(
                "grant 'g' for 'orders-db' expired on 2026-06-01",
                "ask its owner (alice@example.com) to renew it"));
  }

  @Test
  void anotherAgentIsDecidedByItsOwnGrantsOnly() {
    GrantAuthorizer authorizer =
        authorizer(
            grant("g-support").allow(rule("write", "public.orders")),
            grant("g-other").agent("other-bot").allow(rule("read", "public.orders")));

    assertThat(authorizer.decide(operation(OTHER_BOT, Action.READ, table("public.orders"))))
        .isEqualTo(allowed("g-other"));
    assertThat(authorizer.decide(operation(OTHER_BOT, Action.WRITE, table("public.orders"))))
        .isEqualTo(
            refused(
                "needs write on public.orders; grant 'g-other' allows read only",
                "ask for a grant with write on public.orders on connection 'orders-db'"));
  }

  private static GrantAuthorizer authorizer(Fixtures.Grant... grants) {
    return GrantAuthorizer.from(
        Arrays.stream(grants).map(Fixtures.Grant::config).toList(),
        Clock.fixed(NOON, ZoneOffset.UTC));
  }

  /** One row: grant {@code g} allows read on {@code glob}; does it allow reading {@code table}? */
  private static Arguments glob(String name, String glob, String table, boolean covered) {
    return row(
        name,
        List.of(grant("g").allow(rule("read", glob))),
        operation(SUPPORT_BOT, Action.READ, table(table)),
        covered ? allowed("g") : uncovered("read on " + table));
  }

  private static Arguments row(
      String name, List<Fixtures.Grant> grants, Operation operation, Decision expected) {
    return Arguments.of(name, grants, operation, expected);
  }

  private static Decision allowed(String grant) {
    return new Decision.Allow(grant);
  }

  private static Decision refused(String reason, String remedy) {
    return new Decision.Deny(reason, remedy);
  }

  private static Decision held(String grant, String reason) {
    return new Decision.Review(grant, reason);
  }

  /** The refusal when no grant of support-bot has any rule on the resource in {@code need}. */
  private static Decision uncovered(String need) {
    return refused(
        "needs " + need + "; no grant of agent 'support-bot' covers it",
        "ask for a grant with " + need + " on connection 'orders-db'");
  }
}
