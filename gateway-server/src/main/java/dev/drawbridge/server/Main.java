package dev.drawbridge.server;

import dev.drawbridge.server.cli.DrawbridgeCommand;

/** Entry point of {@code drawbridge.jar}. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    System.exit(DrawbridgeCommand.commandLine().execute(args));
  }
}
