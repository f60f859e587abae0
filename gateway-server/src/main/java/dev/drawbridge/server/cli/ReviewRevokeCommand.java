package dev.drawbridge.server.cli;

import picocli.CommandLine.Command;

/** {@code review revoke NAME GRANT}. */
@Command(
    name = "revoke",
    mixinStandardHelpOptions = true,
    description =
        "Revoke the grant: a run-time grant at once, a file grant through the patch (role:"
            + " reviewer).")
final class ReviewRevokeCommand extends ReviewDecideCommand {
  @Override
  String decision() {
    return "revoke";
  }
}
