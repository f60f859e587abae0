package dev.drawbridge.server.cli;

import dev.drawbridge.server.BuildVersion;
import picocli.CommandLine;

/** Feeds {@code drawbridge --version}. */
final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {BuildVersion.describe()};
  }
}
