package dev.drawbridge.audit.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/** A verification as JSON: what {@code verification.json} of an evidence bundle holds. */
public final class VerificationReport {

  private static final ObjectMapper JSON = new ObjectMapper();

  private VerificationReport() {}

  public static ObjectNode json(Verification verification) {
    ObjectNode root = JSON.createObjectNode();
    root.put("source", verification.source());
    root.set("window", window(verification.window()));
    root.put("clean", verification.clean());
    root.put("chains", verification.chains());
    root.put("events", verification.events());
    root.set("problems", problems(verification.problems()));
    verification
        .journal()
        .ifPresent(
            check -> {
              ObjectNode journal = root.putObject("journal");
              journal.put("dir", check.journal());
              journal.put("records", check.journalRecords());
              journal.put("databaseRows", check.databaseRows());
              journal.put("pending", check.pending());
              journal.set("missing", problems(check.missing()));
            });
    return root;
  }

  static ObjectNode window(TimeWindow window) {
    ObjectNode node = JSON.createObjectNode();
    node.put("from", text(window.from()));
    node.put("to", text(window.to()));
    return node;
  }

  private static ArrayNode problems(List<ChainProblem> problems) {
    ArrayNode array = JSON.createArrayNode();
    for (ChainProblem problem : problems) {
      ObjectNode node = array.addObject();
      node.put("chain", problem.chain().toString());
      node.put("kind", problem.kind().columnValue());
      node.put("seq", problem.seq());
      node.put("fault", problem.fault().label());
      node.put("detail", problem.detail());
    }
    return array;
  }

  private static String text(Instant time) {
    return time == null ? null : time.toString();
  }
}
