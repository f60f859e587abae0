package dev.drawbridge.server.testing;

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
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A gateway started in-process from a {@link GatewayYaml} file, and what tests do with it: connect
 * to connection {@code shop} as an agent with pgjdbc, mint admin tokens, find the admin listener.
 *
 * @param gateway the running gateway
 * @param config its loaded configuration
 * @param file the configuration file it was loaded from
 */
public record TestGateway(Gateway gateway, DrawbridgeConfig config, Path file)
    implements AutoCloseable {

  /** Writes {@code yaml} to {@code dir}, loads it with the test secrets and starts the gateway. */
  public static TestGateway start(Path dir, GatewayYaml yaml, String secret, TestPostgres.Server pg)
      throws Exception {
    String text = yaml.yaml();
    Path file = Files.createTempFile(dir, "drawbridge-", ".yaml");
    Files.writeString(file, text);
    DrawbridgeConfig config =
        ConfigLoader.load(
                file,
                Environment.of(
                    Map.of(
                        GatewayYaml.SECRET_ENV,
                        secret,
                        GatewayYaml.STORE_PASSWORD_ENV,
                        pg.password())))
            .config();
    return new TestGateway(Gateway.start(config, Clock.systemUTC()), config, file);
  }

  /** A pgjdbc session on connection {@code shop} as {@code agent}, with a minted token. */
  public Connection connect(String agent) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", agent);
    props.setProperty("password", agentToken(agent));
    props.setProperty("sslmode", "disable");
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + postgresPort() + "/shop", props);
  }

  /** A token for agent {@code agent}, valid an hour. */
  public String agentToken(String agent) {
    return TokenMinter.forIssuer(config.identity().issuers().getFirst())
        .mint(agent, List.of(), Duration.ofHours(1));
  }

  /** An admin API token for {@code subject} with {@code roles}, valid ten minutes. */
  public String adminToken(String subject, String... roles) {
    return TokenMinter.forIssuer(config.identity().issuers().getFirst())
        .mint(subject, subject, List.of(), List.of(roles), Duration.ofMinutes(10));
  }

  public int postgresPort() {
    return gateway.listenerAddresses().get("postgres").getPort();
  }

  /** The admin listener's base URL. */
  public String adminUrl() {
    return "http://127.0.0.1:" + gateway.adminAddress().orElseThrow().getPort();
  }

  @Override
  public void close() {
    gateway.close();
  }
}
