package dev.drawbridge.postgres.masking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.config.MaskingRuleConfig;
import dev.drawbridge.core.masking.MaskingPolicy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CatalogSnapshotTest {

  static final byte[] KEY = new byte[32];
  static final MaskingPolicy POLICY =
      new MaskingPolicy(
          List.of(
              new MaskingRuleConfig(List.of("public.customers.ssn"), List.of(), "partial"),
              new MaskingRuleConfig(List.of("public.*.email"), List.of(), "email"),
              new MaskingRuleConfig(List.of("public.named.loud"), List.of(), "redact")),
          KEY);

  // customers (100): id, ssn, email; orders (101): id, email (masked by the glob too)
  // contacts (200) = select id, email as contact, upper(ssn) as loud from customers
  // contacts2 (300) = select contact from contacts
  // names (400) = select id from customers (reads no masked column)
  // named (500) = select upper(ssn) as loud from customers (a rule names its column)
  static final List<CatalogRows.ColumnRow> COLUMNS =
      List.of(
          column(100, "customers", 1, "id"),
          column(100, "customers", 2, "ssn"),
          column(100, "customers", 3, "email"),
          column(101, "orders", 1, "id"),
          column(200, "contacts", 1, "id"),
          column(200, "contacts", 2, "contact"),
          column(200, "contacts", 3, "loud"),
          column(300, "contacts2", 1, "contact"),
          column(400, "names", 1, "id"),
          column(500, "named", 1, "loud"));

  static final List<CatalogRows.Dependency> DEPENDENCIES =
      List.of(
          new CatalogRows.Dependency(200, 100, 1),
          new CatalogRows.Dependency(200, 100, 2),
          new CatalogRows.Dependency(200, 100, 3),
          new CatalogRows.Dependency(300, 200, 2),
          new CatalogRows.Dependency(400, 100, 1),
          new CatalogRows.Dependency(500, 100, 2));

  static final Map<Long, String> QUERIES =
      Map.of(
          200L, query(entry(1, 100, 1), entry(2, 100, 3), entry(3, 0, 0)),
          300L, query(entry(1, 200, 2)),
          500L, query(entry(1, 0, 0)));

  @Test
  void onlyViewsThatReadMaskedDataNeedTheirQueryRead() {
    assertThat(
            CatalogSnapshot.viewsReadingMaskedData(
                POLICY, new CatalogRows(COLUMNS, DEPENDENCIES, Map.of())))
        .isEqualTo(Set.of(200L, 300L, 500L));
  }

  @Test
  void tablesAreMaskedByRuleAndViewsByTheColumnTheyShow() {
    CatalogSnapshot snapshot =
        CatalogSnapshot.build(
            POLICY, new CatalogRows(COLUMNS, DEPENDENCIES, QUERIES), Instant.EPOCH);

    MaskedRelation customers = snapshot.relation(100).orElseThrow();
    assertThat(customers.column(2)).get().isInstanceOf(SourceMasking.Masked.class);
    assertThat(customers.column(1)).isEmpty();
    assertThat(snapshot.relation("public", "orders")).isEmpty(); // has no email column

    MaskedRelation contacts = snapshot.relation("public", "contacts").orElseThrow();
    assertThat(contacts.column(1)).isEmpty();
    assertThat(contacts.column("contact")).get().isEqualTo(customers.column("email").orElseThrow());
    assertThat(contacts.column("loud").orElseThrow())
        .isInstanceOfSatisfying(
            SourceMasking.Withheld.class,
            w ->
                assertThat(w.reason())
                    .contains("column loud of view public.contacts is computed")
                    .contains("public.customers."));

    assertThat(snapshot.relation(300).orElseThrow().column(1))
        .get()
        .isEqualTo(customers.column("email").orElseThrow());
    assertThat(snapshot.relation(400)).isEmpty();
    assertThat(snapshot.relation(500).orElseThrow().column("loud").orElseThrow())
        .isInstanceOf(SourceMasking.Masked.class); // the rule naming it wins over withholding
  }

  @Test
  void aViewWhoseQueryCannotBeReadIsWithheldWhole() {
    CatalogSnapshot snapshot =
        CatalogSnapshot.build(
            POLICY,
            new CatalogRows(COLUMNS, DEPENDENCIES, Map.of(200L, "{unexpected", 300L, "x")),
            Instant.EPOCH);
    assertThat(snapshot.relation(200).orElseThrow().byNumber())
        .hasSize(3)
        .allSatisfy((n, m) -> assertThat(m).isInstanceOf(SourceMasking.Withheld.class));
  }

  @Test
  void aWholeRowDependencyTaintsTheView() {
    List<CatalogRows.Dependency> wholeRow = List.of(new CatalogRows.Dependency(400, 100, 0));
    assertThat(
            CatalogSnapshot.viewsReadingMaskedData(
                POLICY, new CatalogRows(COLUMNS, wholeRow, Map.of())))
        .containsExactly(400L);
  }

  @Test
  void partitionsAndChildrenAreMaskedLikeTheirParent() {
    // customers (100) has partitions customers_2025 (600, ssn as column 3) and below it 700
    List<CatalogRows.ColumnRow> columns = new java.util.ArrayList<>(COLUMNS);
    columns.add(column(600, "customers_2025", 1, "id"));
    columns.add(column(600, "customers_2025", 2, "email"));
    columns.add(column(600, "customers_2025", 3, "ssn"));
    columns.add(column(700, "customers_2025_q1", 1, "ssn"));
    CatalogSnapshot snapshot =
        CatalogSnapshot.build(
            POLICY,
            new CatalogRows(
                columns,
                List.of(),
                List.of(
                    new CatalogRows.Inheritance(700, 600), new CatalogRows.Inheritance(600, 100)),
                Map.of()),
            Instant.EPOCH);
    MaskedRelation partition = snapshot.relation("public", "customers_2025").orElseThrow();
    assertThat(partition.column(3))
        .get()
        .isEqualTo(snapshot.relation(100).orElseThrow().column("ssn").orElseThrow());
    assertThat(partition.column(1)).isEmpty();
    assertThat(snapshot.relation(700).orElseThrow().column("ssn")).isPresent();
  }

  @Test
  void aRuleOnOnePartitionMasksTheColumnThroughItsParentToo() {
    MaskingPolicy policy =
        new MaskingPolicy(
            List.of(new MaskingRuleConfig(List.of("public.pay_2025.card"), List.of(), "redact")),
            KEY);
    CatalogSnapshot snapshot =
        CatalogSnapshot.build(
            policy,
            new CatalogRows(
                List.of(
                    column(800, "pay", 1, "card"),
                    column(801, "pay_2025", 1, "card"),
                    column(802, "pay_2026", 1, "card")),
                List.of(),
                List.of(
                    new CatalogRows.Inheritance(801, 800), new CatalogRows.Inheritance(802, 800)),
                Map.of()),
            Instant.EPOCH);
    assertThat(snapshot.relation("public", "pay").orElseThrow().column("card")).isPresent();
    assertThat(snapshot.relation("public", "pay_2026").orElseThrow().column("card")).isPresent();
  }

  private static CatalogRows.ColumnRow column(long oid, String relation, int attnum, String name) {
    return new CatalogRows.ColumnRow(oid, "public", relation, attnum, name);
  }

  private static String entry(int resno, long table, int column) {
    return "{TARGETENTRY :expr {VAR :varno 1 :varattno "
        + column
        + "} :resno "
        + resno
        + " :resname c"
        + resno
        + " :ressortgroupref 0 :resorigtbl "
        + table
        + " :resorigcol "
        + column
        + " :resjunk false}";
  }

  private static String query(String... entries) {
    return "({QUERY :commandType 1 :rtable ({RTE :alias <>}) :targetList ("
        + String.join(" ", entries)
        + ") :override 0})";
  }
}
