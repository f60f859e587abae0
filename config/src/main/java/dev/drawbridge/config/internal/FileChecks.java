package dev.drawbridge.config.internal;

import java.nio.file.Files;
import java.nio.file.Path;

/** Checks that a file the gateway will open at start-up is there and readable. */
final class FileChecks {

  private FileChecks() {}

  static void readable(Path file, String path, ValidationContext context) {
    if (file == null) {
      return;
    }
    String name = context.echo().plain(path, file.toString());
    if (!Files.exists(file)) {
      context.error(path, "file " + name + " does not exist");
    } else if (!Files.isRegularFile(file)) {
      context.error(path, name + " is not a regular file");
    } else if (!Files.isReadable(file)) {
      context.error(path, "file " + name + " cannot be read: permission denied");
    }
  }
}
