package dev.drawbridge.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Throwaway certificates for TLS tests, made by the {@code openssl} command line (the tool an
 * operator would use), so tests read the same PEM files a deployment does.
 */
public final class TestPki {

  /** A certificate and its PKCS#8 key, both PEM files. */
  public record KeyPair(Path cert, Path key) {}

  private TestPki() {}

  /** A self-signed P-256 certificate for {@code localhost} and 127.0.0.1, valid for a day. */
  public static KeyPair selfSigned(Path dir, String name) throws IOException, InterruptedException {
    Path cert = dir.resolve(name + ".crt");
    Path key = dir.resolve(name + ".key");
    run(
        List.of(
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=DNS:localhost,IP:127.0.0.1",
            "-keyout",
            key.toString(),
            "-out",
            cert.toString()));
    return new KeyPair(cert, key);
  }

  private static void run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException(
          "openssl failed: " + new String(output, StandardCharsets.UTF_8).strip());
    }
  }
}
