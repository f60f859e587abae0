package dev.drawbridge.server.cli;

import dev.drawbridge.server.Gateway;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import picocli.CommandLine;

/** Runs the {@code drawbridge} command line in-process, capturing what it prints. */
final class Cli {

  record Result(int exit, String out, String err) {}

  private Cli() {}

  /** {@code args} against the admin listener of {@code gateway} ({@code --admin URL} added). */
  static Result against(Gateway gateway, String... args) {
    String[] all = Arrays.copyOf(args, args.length + 2);
    all[args.length] = "--admin";
    all[args.length + 1] = "http://127.0.0.1:" + gateway.adminAddress().orElseThrow().getPort();
    return run(all);
  }

  /**
   * A token minted by {@code drawbridge token mint --config CONFIG WHO…}, in a new file in {@code
   * dir}, as an operator would keep it.
   */
  static Path mint(Path config, Path dir, String... who) throws IOException {
    String[] args = new String[who.length + 3];
    args[0] = "token";
    args[1] = "mint";
    args[2] = "--config=" + config;
    System.arraycopy(who, 0, args, 3, who.length);
    Result minted = run(args);
    if (minted.exit() != 0) {
      throw new AssertionError("token mint failed: " + minted.err());
    }
    return Files.writeString(Files.createTempFile(dir, "token", ".jwt"), minted.out().strip());
  }

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine line = DrawbridgeCommand.commandLine();
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    int exit = line.execute(args);
    return new Result(exit, out.toString(), err.toString());
  }
}
