package dev.drawbridge.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version this build was made from. */
public final class BuildVersion {

  private BuildVersion() {}

  public static String version() {
    Properties props = new Properties();
    try (InputStream in =
        BuildVersion.class.getResourceAsStream("/dev/drawbridge/server/version.properties")) {
      if (in == null) {
        return "unknown";
      }
      props.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return props.getProperty("version", "unknown");
  }

  /** One line: {@code drawbridge 0.1.0 (Java 25.0.1, linux amd64)}. */
  public static String describe() {
    return "drawbridge "
        + version()
        + " (Java "
        + Runtime.version()
        + ", "
        + System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT)
        + " "
        + System.getProperty("os.arch")
        + ")";
  }
}
