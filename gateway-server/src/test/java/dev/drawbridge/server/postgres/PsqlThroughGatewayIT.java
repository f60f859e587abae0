package dev.drawbridge.server.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.testing.TestPki;
import dev.drawbridge.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code psql} through the gateway: queries, catalog meta-commands, {@code \copy} both
 * ways, and TLS on the agent side. Tables are created unqualified and land in schema app_scram, the
 * connection role's own ({@code search_path} starts with {@code "$user"}).
 */
@ExtendWith(TestPostgres.class)
class PsqlThroughGatewayIT {

  @TempDir static Path dir;
  static TestPki.KeyPair listenerCert;
  static PgGateway gateway;

  @BeforeAll
  static void start(TestPostgres.Server pg) throws Exception {
    listenerCert = TestPki.selfSigned(dir, "listener");
    gateway = PgGateway.start(pg, Files.createDirectory(dir.resolve("gateway")), listener(true));
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  @Test
  void runsQueriesAndPrintsTheirRows() throws Exception {
    String out =
        psql(
                gateway,
                "disable",
                "-At",
                "-c",
                "select current_user, 40 + 2",
                "-c",
                "select string_agg(x::text, ',') from generate_series(1, 5) x")
            .ok();

    assertThat(out.lines()).containsExactly("app_scram|42", "1,2,3,4,5");
  }

  @Test
  void describesATableInTheRolesOwnSchema() throws Exception {
    String out =
        psql(
                gateway,
                "disable",
                "-q",
                "-A",
                "-c",
                "drop table if exists psql_meta",
                "-c",
                "create table psql_meta(id int primary key, note text not null)",
                "-c",
                "\\dt",
                "-c",
                "\\d psql_meta")
            .ok();

    assertThat(out.lines())
        .contains("app_scram|psql_meta|table|app_scram")
        .contains("Table \"app_scram.psql_meta\"")
        .contains("id|integer||not null|", "note|text||not null|")
        .anyMatch(line -> line.contains("\"psql_meta_pkey\" PRIMARY KEY, btree (id)"));
  }

  @Test
  void copiesATableToStdout() throws Exception {
    String out =
        psql(
                gateway,
                "disable",
                "-q",
                "-c",
                "drop table if exists psql_copy_out",
                "-c",
                "create table psql_copy_out as"
                    + " select x as id, 'row ' || x as note from generate_series(1, 1000) x",
                "-c",
                "\\copy (select * from psql_copy_out order by id) to stdout with (format csv)")
            .ok();

    List<String> rows = out.lines().toList();
    assertThat(rows).hasSize(1000);
    assertThat(rows.getFirst()).isEqualTo("1,row 1");
    assertThat(rows.getLast()).isEqualTo("1000,row 1000");
  }

  @Test
  void copiesAFileIntoATable() throws Exception {
    Path file = dir.resolve("rows.csv");
    Files.writeString(
        file,
        IntStream.rangeClosed(1, 500)
            .mapToObj(i -> i + ",row " + i + "\n")
            .collect(Collectors.joining()));

    String out =
        psql(
                gateway,
                "disable",
                "-At",
                "-c",
                "drop table if exists psql_copy_in",
                "-c",
                "create table psql_copy_in(id int, note text)",
                "-c",
                "\\copy psql_copy_in from '" + file + "' with (format csv)",
                "-c",
                "select count(*), sum(id), max(note) from psql_copy_in")
            .ok();

    assertThat(out.lines()).containsSubsequence("COPY 500", "500|125250|row 99");
  }

  @Test
  void connectsOverTlsAndVerifiesTheListenersCertificate() throws Exception {
    String verifyFull = "verify-full sslrootcert=" + listenerCert.cert();
    String out = psql(gateway, verifyFull, "-At", "-c", "select 1", "-c", "\\conninfo").ok();

    assertThat(out).startsWith("1\n").contains("SSL connection (protocol: TLS");
  }

  @Test
  void aTlsOnlyListenerRefusesPlaintextAndNamesTheFix(TestPostgres.Server pg) throws Exception {
    try (PgGateway tlsOnly =
        PgGateway.start(pg, Files.createDirectory(dir.resolve("tls-only")), listener(false))) {
      LibpqClient.Result refused = psql(tlsOnly, "disable", "-c", "select 1");
      assertThat(refused.exitCode()).isEqualTo(2);
      assertThat(refused.stderr())
          .contains("this Drawbridge listener accepts only TLS connections")
          .contains("sslmode=require");

      String out =
          psql(tlsOnly, "require", "-At", "-c", "select current_user", "-c", "\\conninfo").ok();
      assertThat(out).startsWith("app_scram\n").contains("SSL connection (protocol: TLS");
    }
  }

  private static String listener(boolean allowPlaintext) {
    return """
        bind: "127.0.0.1:0"
        tls: { cert: "%s", key: "%s" }
        allowPlaintext: %s
        """
        .formatted(listenerCert.cert(), listenerCert.key(), allowPlaintext);
  }

  /**
   * Runs psql as agent it-bot on connection scram-db; {@code sslmode} may be followed by more TLS
   * keywords, {@code args} are psql's options.
   */
  private static LibpqClient.Result psql(PgGateway through, String sslmode, String... args)
      throws Exception {
    List<String> command = new ArrayList<>(List.of("psql", "-X", "-v", "ON_ERROR_STOP=1"));
    command.addAll(List.of(args));
    command.add(through.conninfo("scram-db", "it-bot", sslmode));
    return LibpqClient.run(through.token("it-bot"), command);
  }
}
