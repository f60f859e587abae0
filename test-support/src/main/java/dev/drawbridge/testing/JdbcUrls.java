package dev.drawbridge.testing;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Splits a {@code jdbc:postgresql://host:port/db?user=…&password=…} URL into its parts. */
final class JdbcUrls {

  private static final String PREFIX = "jdbc:postgresql://";

  private JdbcUrls() {}

  static TestPostgres.Server parse(String url) {
    if (!url.startsWith(PREFIX)) {
      throw new IllegalArgumentException(
          TestPostgres.URL_VARIABLE + " must start with " + PREFIX + ", got " + url);
    }
    URI uri = URI.create("postgresql://" + url.substring(PREFIX.length()));
    Map<String, String> params = new HashMap<>();
    if (uri.getRawQuery() != null) {
      for (String pair : uri.getRawQuery().split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          params.put(
              pair.substring(0, eq),
              URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
    }
    String database =
        uri.getPath() == null || uri.getPath().length() <= 1
            ? "postgres"
            : uri.getPath().substring(1);
    int port = uri.getPort() < 0 ? 5432 : uri.getPort();
    String bare = PREFIX + uri.getHost() + ":" + port + "/" + database;
    return new TestPostgres.Server(
        bare,
        uri.getHost(),
        port,
        database,
        params.getOrDefault("user", "postgres"),
        params.getOrDefault("password", ""));
  }
}
