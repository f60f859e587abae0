package dev.drawbridge.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;

/**
 * A real PostgreSQL for integration tests. It uses the server named by {@code
 * DRAWBRIDGE_TEST_PG_URL} (a JDBC URL with {@code user} and {@code password} parameters, as printed
 * by {@code scripts/test-postgres.sh}); without it, a Testcontainers PostgreSQL where a Docker
 * engine answers. Without either, tests that need it fail and say how to get one.
 *
 * <p>Use with {@code @ExtendWith(TestPostgres.class)} and a {@link Server} parameter.
 */
public final class TestPostgres implements ParameterResolver {

  /** The environment variable that names the test server. */
  public static final String URL_VARIABLE = "DRAWBRIDGE_TEST_PG_URL";

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(TestPostgres.class);

  /**
   * A reachable test server.
   *
   * @param jdbcUrl the JDBC URL without credentials
   * @param host its host
   * @param port its port
   * @param database the database to use
   * @param user a superuser
   * @param password that user's password
   */
  public record Server(
      String jdbcUrl, String host, int port, String database, String user, String password) {

    public Connection connect() throws SQLException {
      return DriverManager.getConnection(jdbcUrl, user, password);
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == Server.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent("server", key -> start(), Handle.class)
        .server();
  }

  private static Handle start() {
    Optional<String> url =
        Optional.ofNullable(System.getenv(URL_VARIABLE)).filter(u -> !u.isBlank());
    if (url.isPresent()) {
      return new Handle(JdbcUrls.parse(url.get()), null);
    }
    if (!dockerAvailable()) {
      throw new IllegalStateException(
          "no test PostgreSQL: set "
              + URL_VARIABLE
              + " (run `export "
              + URL_VARIABLE
              + "=$(scripts/test-postgres.sh)`) or run a Docker engine for Testcontainers");
    }
    PostgreSQLContainer<?> container = new PostgreSQLContainer<>("postgres:17-alpine");
    container.start();
    return new Handle(
        new Server(
            container.getJdbcUrl(),
            container.getHost(),
            container.getFirstMappedPort(),
            container.getDatabaseName(),
            container.getUsername(),
            container.getPassword()),
        container);
  }

  private static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Keeps the container (if any) until the test run ends. */
  private record Handle(Server server, PostgreSQLContainer<?> container) implements AutoCloseable {
    @Override
    public void close() {
      if (container != null) {
        container.stop();
      }
    }
  }
}
