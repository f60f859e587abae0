package dev.drawbridge.server.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drawbridge.config.ConfigLoader;
import dev.drawbridge.config.DrawbridgeConfig;
import dev.drawbridge.config.Environment;
import dev.drawbridge.core.identity.TokenMinter;
import dev.drawbridge.server.Gateway;
import dev.drawbridge.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Result masking end to end: pgjdbc and psql through the gateway to a real PostgreSQL, masked
 * columns found by the table and column PostgreSQL reports for each result column, so aliases,
 * {@code *}, joins, views and binary transfer do not get around them.
 */
@ExtendWith(TestPostgres.class)
class MaskingIT {

  static final String SECRET = "masking-it-secret-masking-it-secret-0123456789";
  static final String MASKING_KEY = "masking-it-key-masking-it-key-masking-it-key";

  @TempDir static Path dir;
  static Gateway gateway;
  static DrawbridgeConfig config;

  @BeforeAll
  static void start(TestPostgres.Server pg) throws Exception {
    try (Connection c = pg.connect();
        Statement s = c.createStatement()) {
      s.execute(
          """
          drop view if exists public.mk_customer_names, public.mk_contacts_upper, public.mk_contacts,
            public.mk_fn_view cascade;
          drop function if exists public.mk_fn(int) cascade;
          drop table if exists public.mk_customers, public.mk_orders, public.mk_payments cascade;
          create table public.mk_customers(
            id int primary key, name text, ssn text, email varchar(100), age int, token text,
            notes text);
          insert into public.mk_customers values
            (1, 'Ada', '123-45-6789', 'ada@example.com', 36, 'tok-1',
             'card 4111 1111 1111 1111, mail ada@private.org'),
            (2, 'Bob', '987-65-4321', 'bob@example.net', 41, 'tok-1', 'nothing here');
          create table public.mk_orders(id int, customer_id int, total int);
          insert into public.mk_orders values (10, 1, 100), (11, 2, 200);
          create table public.mk_payments(id int, card text) partition by range (id);
          create table public.mk_payments_1 partition of public.mk_payments
            for values from (0) to (100);
          insert into public.mk_payments values (1, '5500 0000 0000 0004');
          create view public.mk_contacts as select id, email as contact, ssn from public.mk_customers;
          create view public.mk_contacts_upper as
            select id, upper(ssn) as loud from public.mk_customers;
          create view public.mk_customer_names as select id, name from public.mk_customers;
          create function public.mk_fn(i int) returns text language sql stable
            as $$ select ssn from public.mk_customers where id = i $$;
          create view public.mk_fn_view as select id, public.mk_fn(id) as s from public.mk_customers;
          grant select on public.mk_customers, public.mk_orders, public.mk_payments,
            public.mk_payments_1,
            public.mk_contacts, public.mk_contacts_upper, public.mk_customer_names,
            public.mk_fn_view to app_scram;
          """);
    }
    Path file = dir.resolve("drawbridge.yaml");
    Files.writeString(
        file,
        """
        gateway: { name: masking-it, maskingKey: "${env:MASKING_KEY}" }
        audit: { journal: journal }
        listeners:
          postgres: { bind: "127.0.0.1:0", allowPlaintext: true }
        identity:
          issuers:
            - { issuer: drawbridge, hmacSecret: "${env:SECRET}", audience: drawbridge }
        connections:
          - name: crm
            type: postgres
            upstream: { host: %s, port: %d, database: %s, tls: disable }
            credential: { username: app_scram, password: app-scram-pw }
            masking:
              - { columns: ["public.mk_customers.ssn"], strategy: partial }
              - { columns: ["public.mk_customers.email"], strategy: email }
              - { columns: ["public.mk_customers.age"], strategy: redact }
              - { columns: ["public.mk_*.token"], strategy: hash }
              - { columns: ["public.mk_payments.card"], strategy: partial }
              - { detectors: [credit-card, email], strategy: redact }
        grants:
          - id: crm-read
            subject: { agent: analyst }
            connection: crm
            allow: [ { actions: [read, session] } ]
            owner: alice@example.com
            reason: integration tests
            expires: 2099-12-31
        """
            .formatted(pg.host(), pg.port(), pg.database()));
    config =
        ConfigLoader.load(
                file, Environment.of(Map.of("SECRET", SECRET, "MASKING_KEY", MASKING_KEY)))
            .config();
    gateway = Gateway.start(config, Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "select ssn, email from public.mk_customers where id = 1",
        "select c.ssn as x, c.email as y from public.mk_customers c where c.id = 1",
        "select x, y from (select ssn as x, email as y from mk_customers where id = 1) s",
        "with w as (select ssn, email from mk_customers) select * from w where ssn like '123%'",
      })
  void maskedColumnsAreMaskedUnderAnyName(String sql) throws SQLException {
    List<List<String>> rows = rows(sql);
    assertThat(rows).containsExactly(List.of("*******6789", "****@example.com"));
  }

  @Test
  void selectStarJoinsAndViewsAreMasked() throws SQLException {
    List<String> star = rows("select * from public.mk_customers where id = 1").getFirst();
    assertThat(star.subList(0, 5))
        .containsExactly("1", "Ada", "*******6789", "****@example.com", "null");
    assertThat(star.get(5)).matches("h:[0-9a-f]{16}");
    assertThat(star.get(6)).isEqualTo("card ****, mail ****");
    assertThat(
            rows(
                "select o.id, c.ssn from mk_orders o join mk_customers c on c.id = o.customer_id"
                    + " order by o.id"))
        .containsExactly(List.of("10", "*******6789"), List.of("11", "*******4321"));
    assertThat(rows("select contact, ssn from public.mk_contacts order by id"))
        .containsExactly(
            List.of("****@example.com", "*******6789"), List.of("****@example.net", "*******4321"));
    assertThat(rows("select name from mk_customer_names order by id"))
        .containsExactly(List.of("Ada"), List.of("Bob"));
  }

  @Test
  void aPartitionReadDirectlyIsMaskedLikeItsParent() throws SQLException {
    assertThat(rows("select card from mk_payments"))
        .containsExactly(List.of("***************0004"));
    assertThat(rows("select card from mk_payments_1"))
        .containsExactly(List.of("***************0004"));
  }

  @Test
  void aMaskedNonTextColumnBecomesNull() throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select age from mk_customers where id = 1")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getInt(1)).isZero();
      assertThat(rs.wasNull()).isTrue();
    }
  }

  @Test
  void hashedValuesAreDeterministicSoEqualValuesStillGroup() throws SQLException {
    List<List<String>> rows = rows("select token from mk_customers order by id");
    assertThat(rows.get(0).get(0)).matches("h:[0-9a-f]{16}").isEqualTo(rows.get(1).get(0));
    assertThat(rows("select token, count(*) from mk_customers group by token"))
        .containsExactly(List.of(rows.get(0).get(0), "2"));
  }

  @Test
  void detectorsMaskWhatTheyFindInAnyTextColumn() throws SQLException {
    assertThat(rows("select notes from mk_customers order by id"))
        .containsExactly(List.of("card ****, mail ****"), List.of("nothing here"));
    assertThat(rows("select 'write to eve@example.com'")).containsExactly(List.of("write to ****"));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, -1})
  void extendedProtocolAndBinaryTransferAreMasked(int prepareThreshold) throws SQLException {
    Properties extra = new Properties();
    extra.setProperty("prepareThreshold", String.valueOf(prepareThreshold));
    extra.setProperty("binaryTransfer", "true");
    try (Connection c = connect(extra);
        PreparedStatement p =
            c.prepareStatement("select id, ssn, age, email from mk_customers where id = ?")) {
      for (int round = 0; round < 4; round++) {
        p.setInt(1, 1);
        try (ResultSet rs = p.executeQuery()) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getInt(1)).isEqualTo(1);
          assertThat(rs.getString(2)).isEqualTo("*******6789");
          assertThat(rs.getObject(3)).isNull();
          assertThat(rs.getString(4)).isEqualTo("****@example.com");
        }
      }
    }
  }

  @Test
  void aComputedUseOfAMaskedColumnIsRefused() throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      assertRefused(
          () -> s.executeQuery("select upper(ssn) from mk_customers"),
          "column public.mk_customers.ssn is masked");
      assertRefused(() -> s.executeQuery("select row_to_json(c) from mk_customers c"), "is masked");
      assertRefused(
          () -> s.executeQuery("select ssn from mk_customers union select 'x'"), "is masked");
      assertRefused(
          () -> s.executeQuery("select max(contact) from mk_contacts"),
          "(it shows public.mk_customers.email)");
      assertRefused(
          () -> s.executeQuery("copy (select ssn from mk_customers) to stdout"), "is masked");
      // the session stays usable, and a count reveals no values
      try (ResultSet rs = s.executeQuery("select count(ssn) from mk_customers")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(2);
      }
    }
  }

  @Test
  void theServersErrorsDoNotQuoteAMaskedValue() throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.executeQuery("select id from mk_customers where ssn::int = 1"))
          .isInstanceOfSatisfying(
              SQLException.class,
              e -> {
                assertThat(e.getSQLState()).isEqualTo("22P02");
                assertThat(e.getMessage())
                    .contains("the server's message is withheld")
                    .doesNotContain("6789");
              });
      // an error of a statement that reads nothing masked keeps its words
      assertThatThrownBy(() -> s.executeQuery("select 'abc'::int")).hasMessageContaining("\"abc\"");
    }
  }

  @Test
  void detectorsScanTextCopyAndABinaryCopyIsStopped() throws SQLException, java.io.IOException {
    try (Connection c = connect()) {
      var copy = c.unwrap(org.postgresql.PGConnection.class).getCopyAPI();
      var out = new java.io.StringWriter();
      copy.copyOut("copy (select name, notes from mk_customers order by id) to stdout", out);
      assertThat(out.toString()).isEqualTo("Ada\tcard ****, mail ****\nBob\tnothing here\n");
      var csv = new java.io.StringWriter();
      copy.copyOut("copy (select notes from mk_customers order by id) to stdout (format csv)", csv);
      assertThat(csv.toString()).isEqualTo("\"card ****, mail ****\"\nnothing here\n");
      assertThatThrownBy(
              () ->
                  copy.copyOut(
                      "copy (select name from mk_customers) to stdout (format binary)",
                      new java.io.ByteArrayOutputStream()))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("a binary COPY cannot be scanned");
      for (String options : List.of("delimiter ' '", "format csv, quote '1'", "null 'x'")) {
        assertThatThrownBy(
                () ->
                    copy.copyOut(
                        "copy (select notes from mk_customers) to stdout (" + options + ")",
                        new java.io.StringWriter()))
            .hasMessageContaining("changes how values are written");
      }
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("select 1")) {
        assertThat(rs.next()).isTrue();
      }
    }
  }

  @Test
  void reviewedBypassesAreClosed() throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      // attribute notation: c.f is f(c), a function of the whole row
      assertRefused(
          () -> s.executeQuery("select c.to_jsonb ->> 'ssn' from mk_customers c"),
          "to_jsonb is no column of public.mk_customers");
      assertRefused(() -> s.executeQuery("select c.concat from mk_customers c"), "no column");
      assertRefused(
          () -> s.executeQuery("select s.concat from (select ssn from mk_customers) s"),
          "is masked");
      assertRefused(
          () -> s.executeQuery("select mode() within group (order by ssn) from mk_customers"),
          "is masked");
      // column statistics sample the values
      assertRefused(
          () -> s.executeQuery("select histogram_bounds from pg_stats where tablename = 'x'"),
          "holds samples of column values");
      // an error computed from a masked value, without quotes
      assertThatThrownBy(
              () ->
                  s.executeQuery(
                      "select id from mk_customers where chr(replace(ssn, '-', '')::int) = 'x'"))
          .hasMessageContaining("withheld")
          .hasMessageNotContaining("123456789");
    }
    try (Connection c = connect()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute("declare k cursor for select name, ssn from mk_customers order by id");
        try (ResultSet rs = s.executeQuery("fetch 1 from k")) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getString(2)).isEqualTo("*******6789");
        }
        s.execute("declare e cursor for select id from mk_customers where ssn::int = 1");
        assertThatThrownBy(() -> s.executeQuery("fetch e"))
            .hasMessageContaining("withheld")
            .hasMessageNotContaining("6789");
      }
      c.rollback();
      try (Statement s = c.createStatement()) {
        s.execute("prepare q as select ssn from mk_customers where id = 1");
        try (ResultSet rs = s.executeQuery("execute q")) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getString(1)).isEqualTo("*******6789");
        }
      }
    }
  }

  @Test
  void aComputedViewColumnOverMaskedDataIsRefused() throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      // a function hides what it reads from the catalog: the view's computed column is withheld
      assertRefused(
          () -> s.executeQuery("select s from mk_fn_view"),
          "the view calls functions the gateway cannot see into");
      try (ResultSet rs = s.executeQuery("select id from mk_fn_view order by id")) {
        assertThat(rs.next()).isTrue();
      }
      assertRefused(
          () -> s.executeQuery("select loud from mk_contacts_upper"),
          "column loud of view public.mk_contacts_upper is computed");
      try (ResultSet rs = s.executeQuery("select id from mk_contacts_upper order by id")) {
        assertThat(rs.next()).isTrue();
      }
    }
  }

  @Test
  void psqlSeesMaskedValues() throws Exception {
    LibpqClient.Result result =
        LibpqClient.run(
            token(),
            List.of(
                "psql",
                "-X",
                "-A",
                "-t",
                "-h",
                "127.0.0.1",
                "-p",
                String.valueOf(port()),
                "-U",
                "analyst",
                "-d",
                "crm",
                "-c",
                "select name, ssn, email from mk_customers order by id"));
    assertThat(result.ok())
        .contains("Ada|*******6789|****@example.com")
        .doesNotContain("123-45-6789")
        .doesNotContain("ada@example.com");
  }

  private static void assertRefused(ThrowingCallable statement, String message) {
    assertThatThrownBy(statement)
        .isInstanceOf(SQLException.class)
        .hasMessageContaining(message)
        .extracting(e -> ((SQLException) e).getSQLState())
        .isEqualTo("42501");
  }

  private static List<List<String>> rows(String sql) throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      List<List<String>> rows = new ArrayList<>();
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          row.add(String.valueOf(rs.getString(i)));
        }
        rows.add(row);
      }
      return rows;
    }
  }

  private static int port() {
    return gateway.listenerAddresses().get("postgres").getPort();
  }

  private static String token() {
    return TokenMinter.forIssuer(config.identity().issuers().getFirst(), Clock.systemUTC())
        .mint("analyst", List.of(), Duration.ofMinutes(5));
  }

  private static Connection connect() throws SQLException {
    return connect(new Properties());
  }

  private static Connection connect(Properties extra) throws SQLException {
    Properties props = new Properties();
    props.putAll(extra);
    props.setProperty("user", "analyst");
    props.setProperty("password", token());
    props.setProperty("sslmode", "disable");
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port() + "/crm", props);
  }
}
