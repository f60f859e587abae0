package dev.drawbridge.server.testing;

import dev.drawbridge.testing.TestPostgres;
import java.util.ArrayList;
import java.util.List;

/**
 * A gateway configuration file for integration tests, written the way an operator writes one: a
 * PostgreSQL listener on an ephemeral loopback port, the {@code drawbridge} HMAC issuer, connection
 * {@code shop} to the test cluster as {@code app_scram}, and whatever sections a test adds.
 */
public final class GatewayYaml {

  /** The environment variable the issuer's secret is read from. */
  public static final String SECRET_ENV = "SECRET";

  /** The environment variable the store's password is read from. */
  public static final String STORE_PASSWORD_ENV = "STORE_PASSWORD";

  private final String name;
  private final List<String> sections = new ArrayList<>();
  private String grants = "";
  private boolean admin;
  private String connections = "";

  private GatewayYaml(String name) {
    this.name = name;
  }

  /** A gateway called {@code name}, with its journal in {@code journal-NAME}. */
  public static GatewayYaml named(String name) {
    return new GatewayYaml(name);
  }

  /** Connection {@code shop}: the test cluster's database, as role {@code app_scram}. */
  public GatewayYaml shop(TestPostgres.Server pg) {
    connections =
        """
          - name: shop
            type: postgres
            upstream: { host: %s, port: %d, database: %s, tls: disable }
            credential: { username: app_scram, password: app-scram-pw }
        """
            .formatted(pg.host(), pg.port(), pg.database());
    return this;
  }

  /** An admin listener on an ephemeral loopback port. */
  public GatewayYaml admin() {
    admin = true;
    return this;
  }

  /** {@code store.postgres} on database {@code database} of the test cluster. */
  public GatewayYaml store(TestPostgres.Server pg, String database) {
    sections.add(
        """
        store:
          postgres:
            url: "jdbc:postgresql://%s:%d/%s"
            username: %s
            password: "${env:%s}"
        """
            .formatted(pg.host(), pg.port(), database, pg.user(), STORE_PASSWORD_ENV));
    return this;
  }

  /** A top-level section as written in the file ({@code approvals: { timeout: 5m }}). */
  public GatewayYaml section(String yaml) {
    sections.add(yaml.endsWith("\n") ? yaml : yaml + "\n");
    return this;
  }

  /** The {@code grants} list's items, written at the file's indentation ({@code - id: …}). */
  public GatewayYaml grants(String items) {
    grants = items;
    return this;
  }

  public String yaml() {
    StringBuilder out = new StringBuilder();
    out.append("gateway: { name: ").append(name).append(", shutdownTimeout: 2s }\n");
    out.append("audit: { journal: journal-").append(name).append(" }\n");
    if (admin) {
      out.append("admin: { bind: \"127.0.0.1:0\" }\n");
    }
    out.append(
        """
        listeners:
          postgres: { bind: "127.0.0.1:0", allowPlaintext: true }
        identity:
          issuers:
            - { issuer: drawbridge, hmacSecret: "${env:%s}", audience: drawbridge }
        """
            .formatted(SECRET_ENV));
    sections.forEach(out::append);
    out.append("connections:\n").append(connections);
    out.append("grants:\n").append(grants.indent(2));
    return out.toString();
  }
}
