package dev.drawbridge.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GrantValidationTest {

  @TempDir Path dir;
  Fixture fixture;

  @BeforeEach
  void setUp() {
    fixture = new Fixture(dir);
  }

  private static String withGrant(String grant) {
    return Fixture.VALID_CORE + grant;
  }

  @Test
  void validGrantBindsEveryField() throws ConfigException {
    GrantConfig grant =
        fixture
            .load(
                withGrant(
                    """
                      - id: g2
                        subject: { group: support }
                        connection: orders-db
                        review: [ { actions: [write], tables: [public.orders], columns: [status] } ]
                        deny: [ { actions: ddl } ]
                        limits: { rowsPerStatement: 100 }
                        owner: alice@example.com
                        reason: "SEC-1"
                        expires: 2026-06-01
                    """))
            .config()
            .grants()
            .get(1);

    assertThat(grant.subject()).isEqualTo(new SubjectConfig(null, "support"));
    assertThat(grant.review().getFirst().columns()).containsExactly("status");
    assertThat(grant.deny().getFirst().actions()).containsExactly("ddl");
    assertThat(grant.limits().rowsPerStatement()).isEqualTo(100);
    assertThat(grant.expires()).isEqualTo(LocalDate.of(2026, 6, 1));
  }

  @Test
  void grantIdsAreUnique() {
    assertThat(
            fixture.errors(
                withGrant(
                    "  - { id: g1, subject: { agent: b }, connection: orders-db,"
                        + " deny: [ { actions: [write] } ] }\n")))
        .containsExactly("grants[1].id: duplicate grant id 'g1' (also at grants[0])");
  }

  @Test
  void subjectNeedsExactlyOneOfAgentOrGroup() {
    assertThat(
            fixture.errors(
                withGrant(
                    "  - { id: g2, subject: {}, connection: orders-db,"
                        + " allow: [ { actions: [read] } ] }\n"
                        + "  - { id: g3, subject: { agent: a, group: b }, connection: orders-db,"
                        + " allow: [ { actions: [read] } ] }\n")))
        .containsExactly(
            "grants[1].subject: set exactly one of agent or group",
            "grants[2].subject: set exactly one of agent or group, not both");
  }

  @Test
  void unknownConnectionSuggestsTheNearest() {
    assertThat(
            fixture.errors(
                Fixture.VALID_CORE.replace("connection: orders-db", "connection: orders")))
        .containsExactly(
            "grants[0].connection: unknown connection 'orders'; did you mean 'orders-db'?");
    assertThat(
            fixture.errors(Fixture.VALID_CORE.replace("connection: orders-db", "connection: crm")))
        .containsExactly(
            "grants[0].connection: unknown connection 'crm'; configured connections: orders-db");
  }

  @Test
  void rulesNeedKnownActions() {
    assertThat(
            fixture.errors(
                Fixture.VALID_CORE.replace(
                    "allow: [ { actions: [read], tables: [public.orders] } ]",
                    "allow: [ { tables: [public.orders] }, { actions: [reed, fly] } ]")))
        .containsExactly(
            "grants[0].allow[0].actions: must list at least one action: connect, read, write,"
                + " ddl, admin, execute, session, unknown",
            "grants[0].allow[1].actions[0]: unknown action 'reed'; did you mean 'read'?",
            "grants[0].allow[1].actions[1]: unknown action 'fly'; expected one of connect, read,"
                + " write, ddl, admin, execute, session, unknown");
  }

  @Test
  void tableGlobsNeedBothPartsAndColumnsANonEmptyName() {
    assertThat(
            fixture.errors(
                Fixture.VALID_CORE.replace(
                    "allow: [ { actions: [read], tables: [public.orders] } ]",
                    "allow: [ { actions: [read], tables: [\"public.\", \".orders\", \"\"],"
                        + " columns: [id, \" \"] } ]")))
        .containsExactly(
            "grants[0].allow[0].tables[0]: needs a schema and a name on each side of its dot,"
                + " such as public.orders or public.*",
            "grants[0].allow[0].tables[1]: needs a schema and a name on each side of its dot,"
                + " such as public.orders or public.*",
            "grants[0].allow[0].tables[2]: must not be empty (use \"*\" for every table)",
            "grants[0].allow[0].columns[1]: must not be empty");
  }

  @Test
  void grantWithoutRulesIsAnError() {
    assertThat(
            fixture.errors(
                Fixture.VALID_CORE.replace(
                    "    allow: [ { actions: [read], tables: [public.orders] } ]\n", "")))
        .containsExactly(
            "grants[0]: grant 'g1' has no allow, review or deny rules; it grants nothing");
  }

  @Test
  void rowLimitMustBePositive() {
    assertThat(fixture.errors(Fixture.VALID_CORE + "    limits: { rowsPerStatement: 0 }\n"))
        .containsExactly("grants[0].limits.rowsPerStatement: must be at least 1");
  }

  @Test
  void expiredGrantIsAWarningNotAnError() throws ConfigException {
    LoadedConfig loaded = fixture.load(Fixture.VALID_CORE + "    expires: 2026-05-31\n");

    assertThat(Fixture.strings(loaded.warnings()))
        .containsExactly(
            "grants[0].expires: grant 'g1' expired on 2026-05-31; it grants nothing until"
                + " renewed");
    assertThat(loaded.config().grants()).hasSize(1);
  }

  @Test
  void grantExpiringTodayIsStillValid() throws ConfigException {
    assertThat(fixture.load(Fixture.VALID_CORE + "    expires: 2026-06-01\n").warnings()).isEmpty();
  }
}
