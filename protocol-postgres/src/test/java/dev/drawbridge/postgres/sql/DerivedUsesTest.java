package dev.drawbridge.postgres.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.core.model.Resource;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Derived uses: the columns whose values reach a result or storage without PostgreSQL reporting
 * their source column, so result masking, which goes by that source, cannot mask them. Expected
 * uses are written as in {@code corpus.tsv}: {@code t:schema.name(col,col)} (no parentheses: every
 * column), {@code ;} between tables, {@code |} between statements, {@code -} for none.
 */
class DerivedUsesTest {

  private static StatementClassifier classifier;

  /** One statement (or batch) and its expected derived uses. */
  record Case(String sql, String derived) {
    @Override
    public String toString() {
      return sql + "  ->  " + derived;
    }
  }

  @BeforeAll
  static void classifier() {
    classifier = new StatementClassifier(PgQueryTest.parser());
  }

  /** Plain column references keep their source: nothing is derived. */
  static List<Case> lineageKept() {
    return List.of(
        new Case("select id, name from cust", "-"),
        new Case("select * from cust", "-"),
        new Case("select c.*, c.ssn from cust c", "-"),
        new Case("select public.cust.ssn from public.cust", "-"),
        new Case(
            "select c.name, o.total from cust c join orders o on o.cust_id = c.id"
                + " where upper(c.ssn) = 'X'",
            "-"),
        new Case("select x from (select ssn as x from cust) s", "-"),
        new Case("select s.* from (select * from cust) s(a, b)", "-"),
        new Case("with w as (select ssn from cust) select ssn from w", "-"),
        new Case("select x from cust, lateral (select cust.ssn as x) s", "-"),
        new Case(
            "select name from cust where ssn = '1' and id > 0 order by upper(ssn) limit 1 offset 1",
            "-"),
        new Case("select name from cust group by name, ssn having max(ssn) > '1'", "-"),
        new Case("select distinct on (ssn) name from cust order by ssn", "-"),
        new Case("select name, row_number() over (partition by ssn order by id) from cust", "-"),
        new Case("select count(ssn), count(*), pg_catalog.count(distinct ssn) from cust", "-"),
        new Case("select count(ssn) + 1 from cust", "-"),
        new Case(
            "select name from cust where id in (select cust_id from orders where upper(note) = 'x')",
            "-"),
        new Case(
            "select name from cust c where exists (select upper(ssn) from cust d where d.id = c.id)",
            "-"),
        new Case("select id from a left join b using (id)", "-"),
        new Case("select a.id from a full join b using (id)", "-"),
        new Case("select ssn from cust c where c.id = 1 for update", "-"),
        new Case("update cust set ssn = 'x' where ssn = 'y'", "-"),
        new Case("delete from cust where ssn = '1' returning id, ssn, cust.*", "-"),
        new Case("with w as (delete from cust returning ssn) select ssn from w", "-"),
        new Case("insert into archive (a) values (upper('x')) returning a", "-"),
        new Case("copy cust from stdin", "-"),
        new Case("explain analyze select ssn from cust", "-"),
        new Case("declare cur cursor for select ssn from cust", "-"),
        new Case("create view v as select ssn from cust", "-"),
        new Case("prepare p as select ssn from cust; execute p", "- | -"),
        new Case(
            "with recursive t(n) as (select 1 union all select n + 1 from t where n < 3)"
                + " select n from t",
            "-"),
        new Case("values (1), (2)", "-"),
        new Case(
            "select * from rows from (generate_series(1, 2), unnest(array['a'])) r(a, b)", "-"));
  }

  /** Values computed from columns lose their source. */
  static List<Case> expressions() {
    return List.of(
        new Case("select upper(name), id from cust", "t:.cust(name)"),
        new Case("select ssn::text, name from cust", "t:.cust(ssn)"),
        new Case("select ssn || name from cust", "t:.cust(ssn,name)"),
        new Case("select c.ssn collate \"C\" from cust c", "t:.cust(ssn)"),
        new Case("select case when ssn is null then 'n' else 'y' end from cust", "t:.cust(ssn)"),
        new Case("select max(ssn) from cust", "t:.cust(ssn)"),
        new Case("select lag(ssn) over (order by id) from cust", "t:.cust(ssn)"),
        new Case("select sum(total) filter (where note = 'x') from orders", "t:.orders(total)"),
        new Case("select string_agg(name, ',' order by ssn) from cust", "t:.cust(name)"),
        new Case("select array[ssn], row(name, id) from cust", "t:.cust(ssn,name,id)"),
        new Case("select upper(s.cust.ssn) from s.cust", "t:s.cust(ssn)"),
        new Case("select upper(\"SSN\") from \"Cust\"", "t:.Cust(SSN)"),
        new Case("select upper(SSN) from CUST", "t:.cust(ssn)"),
        new Case(
            "select coalesce(c.ssn, o.note) from cust c left join orders o on o.cust_id = c.id",
            "t:.cust(ssn);t:.orders(note)"),
        new Case("select t.c.f from t", "t:.t(c)"),
        new Case("select upper(a) from cust as c(a, b, d)", "t:.cust"));
  }

  /** An ordered-set or hypothetical-set aggregate aggregates what it orders by. */
  static List<Case> withinGroup() {
    return List.of(
        new Case(
            "select id, mode() within group (order by ssn) from cust group by id", "t:.cust(ssn)"),
        new Case(
            "select percentile_disc(array[0, 0.5, 1]) within group (order by ssn) from cust",
            "t:.cust(ssn)"),
        new Case("select rank('1') within group (order by ssn desc) from cust", "t:.cust(ssn)"),
        new Case("select count(name) within group (order by ssn) from cust", "t:.cust(name,ssn)"),
        new Case(
            "select id from cust where ssn = (select mode() within group (order by ssn) from cust)",
            "-"),
        new Case("select count(name order by ssn) from cust", "-"));
  }

  /**
   * {@code s.f}, where {@code f} is not a column of the subquery, CTE or function {@code s}, is
   * PostgreSQL's attribute notation for {@code f(s)}: a function of the whole row.
   */
  static List<Case> attributeNotation() {
    return List.of(
        new Case("select s.concat from (select ssn from cust) s", "t:.cust"),
        new Case("select s.to_jsonb from (select ssn from cust) s", "t:.cust"),
        new Case("with w as (select ssn from cust) select w.row_to_json from w", "t:.cust"),
        new Case("select s.ssn from (select ssn as x from cust) s", "t:.cust"),
        new Case("select s.ssn, s.id from (select c.ssn, id from cust c) s", "-"),
        new Case("select s.x from (select ssn as x from cust) s", "-"),
        new Case("select s.\"SSN\" from (select ssn as \"SSN\" from cust) s", "-"),
        new Case("select s.upper from (select upper(name) from cust) s", "t:.cust(name)"),
        new Case("select s.ssn from (select ssn::text from cust) s", "t:.cust(ssn)"),
        // a * brings columns whose names the gateway does not know: any s.f may be f(s)
        new Case("select s.id from (select * from cust) s", "t:.cust"),
        new Case("select s.x from (select *, ssn as x from cust) s", "t:.cust"),
        new Case("select s.a from (select ssn from cust) s(a)", "-"),
        new Case("select s.ssn from (select ssn from cust) s(a)", "t:.cust"),
        new Case("select s.id from (select ssn, id from cust) s(a)", "-"),
        new Case("with w(a, b) as (select ssn, name from cust) select w.a, w.b from w", "-"),
        new Case("with w(a) as (select ssn, name from cust) select w.name from w", "-"),
        new Case("with w(a) as (select ssn from cust) select w.ssn from w", "t:.cust"),
        new Case("with w as (select ssn from cust) select x.a from w as x(a)", "-"),
        new Case("with w as (select ssn from cust) select x.ssn from w as x(a)", "t:.cust"),
        new Case("with w as (delete from cust returning ssn) select w.concat from w", "t:.cust"),
        new Case(
            "select s.concat from (select ssn from cust union select name from orders) s",
            "t:.cust;t:.orders"),
        new Case("select f.concat from unnest((select array_agg(id) from cust)) f", "t:.cust"),
        new Case(
            "select j.ssn, j.one from ((select ssn from cust) s cross join (select 1 as one) o) j",
            "-"),
        new Case(
            "select j.concat from ((select ssn from cust) s cross join (select 1 as one) o) j",
            "t:.cust"),
        new Case(
            "insert into archive (a) select s.concat from (select ssn from cust) s", "t:.cust"),
        new Case(
            "select s.id from (select id, ssn from cust) s"
                + " where s.ssn = '1' and s.concat <> '' order by s.to_json::text",
            "-"),
        new Case("select c.concat from cust c", "-"));
  }

  /** A subquery inside a computed value: everything it uses is derived. */
  static List<Case> subqueriesInValues() {
    return List.of(
        new Case("select (select ssn from cust limit 1)", "t:.cust(ssn)"),
        new Case(
            "select (select max(o.total) from orders o where o.cust_id = c.id) from cust c",
            "t:.cust(id);t:.orders(total,cust_id)"),
        new Case("select upper((select name from cust where ssn = '1'))", "t:.cust(name,ssn)"),
        new Case(
            "select (select upper(name) from orders) from cust", "t:.cust(name);t:.orders(name)"),
        new Case(
            "select 1 from cust c join lateral (select upper(c.ssn) as u) s on true",
            "t:.cust(ssn)"));
  }

  /** A whole row has no source column: every column of the table is derived. */
  static List<Case> wholeRows() {
    return List.of(
        new Case("select c from cust c", "t:.cust"),
        new Case("select cust from cust", "t:.cust"),
        new Case("select row_to_json(c) from cust c", "t:.cust"),
        new Case("select to_jsonb(c.*) from cust c", "t:.cust"),
        new Case("select (c).ssn from cust c", "t:.cust"),
        new Case("select s from (select ssn from cust) s", "t:.cust"),
        new Case("with w as (select ssn from cust) select w from w", "t:.cust"),
        new Case("select format('%s', s) from (select ssn from cust) s", "t:.cust"));
  }

  /** A value computed from a subquery's, a CTE's or a join's column: from any column inside. */
  static List<Case> throughFromItems() {
    return List.of(
        new Case("select upper(x) from (select ssn as x from cust) s", "t:.cust"),
        new Case("select s.x || 'a' from (select ssn as x from cust) s", "t:.cust"),
        new Case("with w as (select ssn from cust) select upper(ssn) from w", "t:.cust"),
        new Case("with w as (select ssn from cust) select lower(w.ssn) from w", "t:.cust"),
        new Case(
            "select upper(name) from cust, (select id from orders) o", "t:.cust(name);t:.orders"),
        new Case("select x from (select upper(ssn) as x from cust) s", "t:.cust(ssn)"),
        new Case(
            "select upper(j.name) from (cust c join orders o on o.cust_id = c.id) as j",
            "t:.cust(name);t:.orders(name)"),
        new Case(
            "with w as (delete from cust returning ssn) insert into archive select ssn from w",
            "t:.cust"));
  }

  /** Set operations and recursive queries report no source for any column. */
  static List<Case> setOperations() {
    return List.of(
        new Case(
            "select id from cust union select cust_id from orders",
            "t:.cust(id);t:.orders(cust_id)"),
        new Case("select ssn from cust intersect all select name from cust", "t:.cust(ssn,name)"),
        new Case(
            "select x from (select ssn as x from cust except select note from orders) s",
            "t:.cust(ssn);t:.orders(note)"),
        new Case(
            "select * from cust where id = 1 union all select * from cust where id = 2", "t:.cust"),
        new Case(
            "select name from cust where id in (select id from cust union select cust_id from orders)",
            "-"),
        new Case("with recursive r as (select ssn from cust) select ssn from r", "t:.cust(ssn)"),
        new Case(
            "with recursive r as (select id, ssn from cust union all"
                + " select id + 1, ssn from r where id < 3) select ssn from r",
            "t:.cust"));
  }

  /** A FULL JOIN's merged column is COALESCE(left, right): no source. */
  static List<Case> fullJoins() {
    return List.of(
        new Case("select id from a full join b using (id)", "t:.a(id);t:.b(id)"),
        new Case("select j.id, a.x from a full join b using (id) as j", "t:.a(id);t:.b(id)"),
        new Case("select * from a full join b using (id)", "t:.a(id);t:.b(id)"),
        new Case("select * from a natural full join b", "t:.a;t:.b"),
        new Case(
            "select id from (select * from cust) r full join orders o using (id)",
            "t:.cust;t:.orders(id)"));
  }

  /** Functions, VALUES and XMLTABLE in FROM compute their values. */
  static List<Case> computedFromItems() {
    return List.of(
        new Case("select u from cust c, unnest(array[c.ssn]) u", "t:.cust(ssn)"),
        new Case("select * from unnest((select array_agg(ssn) from cust)) u", "t:.cust(ssn)"),
        new Case("select v.a from cust c, lateral (values (c.ssn)) v(a)", "t:.cust(ssn)"),
        new Case(
            "select x.a from cust c, xmltable('/r' passing c.doc columns a text path 'a') x",
            "t:.cust(doc)"));
  }

  /** Values stored elsewhere, or sent without a row description. */
  static List<Case> storedOrCopied() {
    return List.of(
        new Case("insert into archive select ssn, name from cust", "t:.cust(ssn,name)"),
        new Case("insert into archive select * from cust", "t:.cust"),
        new Case("insert into archive (a) select ssn from cust where id = 1", "t:.cust(ssn)"),
        new Case("update cust set name = ssn where id = 1", "t:.cust(ssn)"),
        new Case("update cust set name = 'x' where id = 1 returning upper(ssn)", "t:.cust(ssn)"),
        new Case("insert into archive (a) values ('x') returning upper(a)", "t:.archive(a)"),
        new Case(
            "update orders set note = c.ssn from cust c where c.id = orders.cust_id",
            "t:.cust(ssn)"),
        new Case(
            "insert into cust (id, ssn) values (1, 'x')"
                + " on conflict (id) do update set ssn = excluded.ssn || cust.name",
            "t:.cust(ssn,name)"),
        new Case(
            "merge into archive a using cust c on a.id = c.id"
                + " when matched and c.ssn = 'x' then update set a = c.ssn"
                + " when not matched then insert (id, a) values (c.id, c.name)",
            "t:.cust(ssn,id,name)"),
        new Case("select ssn into newt from cust", "t:.cust(ssn)"),
        new Case("create table newt as select ssn from cust", "t:.cust(ssn)"),
        new Case(
            "create materialized view mv as select ssn from cust where id = 1", "t:.cust(ssn)"),
        new Case("copy (select ssn from cust where id = 1) to stdout", "t:.cust(ssn)"),
        new Case("copy cust (ssn, name) to stdout", "t:.cust(ssn,name)"),
        new Case("copy cust to stdout", "t:.cust"),
        new Case("call p((select ssn from cust))", "t:.cust(ssn)"),
        new Case("execute q((select ssn from cust))", "t:.cust(ssn)"));
  }

  /** Statements that wrap another are what it is; EXECUTE what was prepared. */
  static List<Case> wrappers() {
    return List.of(
        new Case("explain select upper(ssn) from cust", "t:.cust(ssn)"),
        new Case("explain analyze select upper(ssn) from cust", "t:.cust(ssn)"),
        new Case("declare cur cursor for select lower(ssn) from cust", "t:.cust(ssn)"),
        new Case("create view v as select lower(ssn) from cust", "t:.cust(ssn)"),
        new Case(
            "prepare p as select upper(ssn) from cust; execute p", "t:.cust(ssn) | t:.cust(ssn)"),
        new Case(
            "prepare p as select ssn from cust where id = $1; create table t2 as execute p(1)",
            "- | t:.cust(ssn,id)"));
  }

  @ParameterizedTest
  @MethodSource({
    "lineageKept",
    "expressions",
    "withinGroup",
    "attributeNotation",
    "subqueriesInValues",
    "wholeRows",
    "throughFromItems",
    "setOperations",
    "fullJoins",
    "computedFromItems",
    "storedOrCopied",
    "wrappers"
  })
  void reportsTheColumnsWhoseValuesLoseTheirSource(Case expected) {
    List<ClassifiedStatement> statements =
        classifier.classify(expected.sql(), new PreparedStatements());

    assertThat(
            statements.stream()
                .map(statement -> compact(statement.derived()))
                .collect(Collectors.joining(" | ")))
        .isEqualTo(expected.derived());
  }

  @Test
  void derivedUsesDoNotChangeTheResources() {
    ClassifiedStatement statement =
        only(classifier.classify("select upper(ssn), name from cust where id = 1"));

    assertThat(statement.resources())
        .containsExactly(
            new Resource.Table("", "cust", List.of("ssn", "name", "id")),
            new Resource.Function("", "upper"));
    assertThat(statement.derived()).containsExactly(new Resource.Table("", "cust", List.of("ssn")));
  }

  @Test
  void aStatementThatCannotBeReadHasNoDerivedUses() {
    assertThat(only(classifier.classify("select upper(ssn) frm cust")).derived()).isEmpty();
  }

  @Test
  void aRememberedShapeKeepsItsDerivedUses() {
    CachingClassifier caching = new CachingClassifier(PgQueryTest.parser());
    PreparedStatements session = new PreparedStatements();
    caching.classify("select upper(ssn) from cust where id = 1", session);
    ClassifiedStatement again =
        only(caching.classify("select upper(ssn) from cust where id = 2", session));

    assertThat(caching.size()).isEqualTo(1);
    assertThat(again.text()).isEqualTo("select upper(ssn) from cust where id = 2");
    assertThat(again.derived()).containsExactly(new Resource.Table("", "cust", List.of("ssn")));
  }

  private static ClassifiedStatement only(List<ClassifiedStatement> statements) {
    assertThat(statements).hasSize(1);
    return statements.getFirst();
  }

  private static String compact(List<Resource.Table> derived) {
    return StatementCorpusTest.compact(List.<Resource>copyOf(derived));
  }
}
