package dev.drawbridge.postgres.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.core.model.Resource;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SearchPathTest {

  private static final Resource.Table ORDERS = new Resource.Table("", "orders", List.of("id"));

  @Test
  void anUnqualifiedNameStandsForEverySchemaOfThePath() {
    SearchPath path = new SearchPath(List.of("app_ro", "public"), "app_ro");
    assertThat(path.resolve(ORDERS))
        .isEqualTo(
            new SearchPath.Resolution.Tables(
                List.of(
                    new Resource.Table("app_ro", "orders", List.of("id")),
                    new Resource.Table("public", "orders", List.of("id")))));
  }

  @Test
  void qualifiedNamesAndCatalogRelationsResolveToThemselves() {
    SearchPath path = new SearchPath(List.of("public"), "app_ro");
    Resource.Table qualified = new Resource.Table("sales", "orders", List.of());
    assertThat(path.resolve(qualified))
        .isEqualTo(new SearchPath.Resolution.Tables(List.of(qualified)));
    assertThat(path.resolve(new Resource.Table("", "pg_class", List.of())))
        .isEqualTo(
            new SearchPath.Resolution.Tables(
                List.of(new Resource.Table("pg_catalog", "pg_class", List.of()))));
  }

  @Test
  void setFollowsDollarUserAndQuotes() {
    SearchPath path = new SearchPath(List.of("public"), "app_ro");
    path.set(List.of("$user", "Sales", "\"Mixed\""));
    assertThat(path.resolve(ORDERS))
        .isInstanceOfSatisfying(
            SearchPath.Resolution.Tables.class,
            tables ->
                assertThat(tables.tables())
                    .extracting(Resource.Table::schema)
                    .containsExactly("app_ro", "Sales", "Mixed"));
    path.reset();
    assertThat(path.resolve(ORDERS))
        .isEqualTo(
            new SearchPath.Resolution.Tables(
                List.of(new Resource.Table("public", "orders", List.of("id")))));
  }

  @Test
  void anUnknownPathRefusesUnqualifiedNamesAndSaysHowToFixIt() {
    SearchPath path = new SearchPath(List.of("public"), "app_ro");
    SearchPath fork = path.fork();
    fork.unknown("the search_path was changed inside a transaction");
    assertThat(fork.resolve(ORDERS))
        .isInstanceOfSatisfying(
            SearchPath.Resolution.Unknown.class,
            unknown ->
                assertThat(unknown.reason())
                    .contains("orders")
                    .contains("inside a transaction")
                    .contains("qualify the name"));
    assertThat(path.resolve(ORDERS)).isInstanceOf(SearchPath.Resolution.Tables.class);
  }

  @Test
  void changesAreReadFromPostgresParseTree() {
    PgQuery parser = PgQueryTest.parser();
    assertThat(SearchPathChanges.of(parser, "SET search_path TO sales, \"$user\""))
        .contains(new SearchPathChange.Set(List.of("sales", "$user"), false));
    assertThat(SearchPathChanges.of(parser, "set local search_path = 'a, b'"))
        .contains(new SearchPathChange.Set(List.of("a, b"), true));
    assertThat(SearchPathChanges.of(parser, "RESET search_path"))
        .contains(new SearchPathChange.Reset());
    assertThat(SearchPathChanges.of(parser, "SET search_path TO DEFAULT"))
        .contains(new SearchPathChange.Reset());
    assertThat(SearchPathChanges.of(parser, "RESET ALL")).contains(new SearchPathChange.Reset());
    assertThat(SearchPathChanges.of(parser, "DISCARD ALL")).contains(new SearchPathChange.Reset());
    assertThat(SearchPathChanges.of(parser, "SET statement_timeout = 5"))
        .isEqualTo(Optional.empty());
  }
}
