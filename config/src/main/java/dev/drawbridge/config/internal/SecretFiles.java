package dev.drawbridge.config.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads the files that {@code ${file:PATH}} references name: relative to the configuration file's
 * directory, at most 1 MiB, with one trailing newline removed (as {@code echo > file} writes one).
 */
final class SecretFiles {

  private static final int MAX_BYTES = 1 << 20;

  private final Path baseDirectory;

  SecretFiles(Path baseDirectory) {
    this.baseDirectory = baseDirectory;
  }

  /** Either the content or a message saying why it could not be read (never the content). */
  record Result(String content, String failure) {}

  Result read(String written) {
    Path file;
    try {
      file = baseDirectory.resolve(written).normalize();
    } catch (InvalidPathException e) {
      return new Result(null, "invalid file path '" + written + "'");
    }
    String name = "file " + written + (Path.of(written).isAbsolute() ? "" : " (" + file + ")");
    if (Files.isDirectory(file)) {
      return new Result(null, name + " is a directory");
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(MAX_BYTES + 1);
    } catch (NoSuchFileException e) {
      return new Result(null, name + " does not exist");
    } catch (AccessDeniedException e) {
      return new Result(null, name + " cannot be read: permission denied");
    } catch (IOException e) {
      return new Result(null, name + " cannot be read: " + e.getClass().getSimpleName());
    }
    if (bytes.length > MAX_BYTES) {
      return new Result(null, name + " is larger than 1 MiB");
    }
    return new Result(stripOneNewline(new String(bytes, StandardCharsets.UTF_8)), null);
  }

  private static String stripOneNewline(String text) {
    if (text.endsWith("\r\n")) {
      return text.substring(0, text.length() - 2);
    }
    if (text.endsWith("\n")) {
      return text.substring(0, text.length() - 1);
    }
    return text;
  }
}
