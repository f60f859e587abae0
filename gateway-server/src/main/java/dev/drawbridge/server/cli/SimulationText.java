package dev.drawbridge.server.cli;

import dev.drawbridge.core.model.Resource;
import dev.drawbridge.policy.simulation.Outcome;
import dev.drawbridge.policy.simulation.SimulationReport;
import dev.drawbridge.policy.simulation.SimulationReport.Example;
import dev.drawbridge.policy.simulation.SimulationReport.Tally;
import dev.drawbridge.policy.simulation.Verdict;
import dev.drawbridge.server.simulation.PolicySimulation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A simulation report for people: plain text tables, or Markdown (for a pull request's comment).
 * Every figure names the first audit event behind it.
 */
final class SimulationText {

  private SimulationText() {}

  /** A table of either format. */
  private interface Table {
    void row(String... cells);

    void print(PrintWriter out);
  }

  private static final class Markdown implements Table {
    private final List<String[]> rows = new ArrayList<>();

    Markdown(String... header) {
      rows.add(header);
    }

    @Override
    public void row(String... cells) {
      rows.add(cells);
    }

    @Override
    public void print(PrintWriter out) {
      for (int r = 0; r < rows.size(); r++) {
        out.println("| " + String.join(" | ", escaped(rows.get(r))) + " |");
        if (r == 0) {
          out.println("|" + " --- |".repeat(rows.get(r).length));
        }
      }
    }

    private static List<String> escaped(String[] cells) {
      List<String> escaped = new ArrayList<>();
      for (String cell : cells) {
        escaped.add(cell.replace("|", "\\|"));
      }
      return escaped;
    }
  }

  private static final class Plain implements Table {
    private final AuditTable table;

    Plain(String... header) {
      table = new AuditTable(header);
    }

    @Override
    public void row(String... cells) {
      table.row(cells);
    }

    @Override
    public void print(PrintWriter out) {
      table.print(out);
    }
  }

  static void text(
      SimulationReport report, PolicySimulation.Request request, Path candidate, PrintWriter out) {
    print(report, request, candidate, out, false);
  }

  static void markdown(
      SimulationReport report, PolicySimulation.Request request, Path candidate, PrintWriter out) {
    print(report, request, candidate, out, true);
  }

  private static void print(
      SimulationReport report,
      PolicySimulation.Request request,
      Path candidate,
      PrintWriter out,
      boolean md) {
    String h1 = md ? "## " : "";
    String h2 = md ? "### " : "";
    out.println(h1 + "Policy simulation of the grants of " + candidate);
    out.println();
    out.println(
        report.operations()
            + " operation(s) recorded "
            + request.window()
            + filters(request)
            + (report.operations() == 0
                ? ""
                : " (first " + report.firstRecorded() + ", last " + report.lastRecorded() + ")"));
    out.println();
    Table totals = table(md, "OUTCOME", "OPERATIONS", "FIRST EVENT");
    for (Outcome outcome : Outcome.values()) {
      Tally tally = report.total(outcome);
      if (tally.count() > 0 || outcome.isChange()) {
        totals.row(outcome.label(), Long.toString(tally.count()), first(tally));
      }
    }
    totals.print(out);

    if (!report.agents().isEmpty()) {
      out.println();
      out.println(h2 + "By agent");
      out.println();
      Table agents = table(md, "AGENT", "OUTCOME", "OPERATIONS", "FIRST EVENT");
      for (SimulationReport.AgentRow row : report.agents()) {
        agents.row(
            row.agent(),
            row.outcome().label(),
            Long.toString(row.tally().count()),
            first(row.tally()));
      }
      agents.print(out);
    }

    if (!report.grants().isEmpty()) {
      out.println();
      out.println(h2 + "By grant (recorded -> candidate)");
      out.println();
      Table grants = table(md, "RECORDED", "CANDIDATE", "OUTCOME", "OPERATIONS", "FIRST EVENT");
      for (SimulationReport.GrantRow row : report.grants()) {
        grants.row(
            orDash(row.recordedGrant()),
            orDash(row.candidateGrant()),
            row.outcome().label(),
            Long.toString(row.tally().count()),
            first(row.tally()));
      }
      grants.print(out);
    }

    if (!report.notReplayable().isEmpty()) {
      out.println();
      out.println(h2 + "Not replayable");
      out.println();
      Table reasons = table(md, "WHY", "OPERATIONS", "FIRST EVENT");
      for (SimulationReport.ReasonRow row : report.notReplayable()) {
        reasons.row(row.why(), Long.toString(row.tally().count()), first(row.tally()));
      }
      reasons.print(out);
    }

    boolean anyExamples = false;
    for (Outcome outcome : Outcome.values()) {
      List<Example> examples = report.examples().get(outcome);
      if (examples == null || outcome == Outcome.REFUSED_BEFORE_GRANTS) {
        continue;
      }
      if (!anyExamples) {
        out.println();
        out.println(h2 + "Examples");
        anyExamples = true;
      }
      out.println();
      out.println(
          (md ? "#### " : "")
              + outcome.label()
              + " ("
              + examples.size()
              + " of "
              + report.total(outcome).count()
              + ")");
      for (Example example : examples) {
        example(example, out, md);
      }
    }

    if (!report.notes().isEmpty()) {
      out.println();
      out.println(h2 + "Notes");
      for (String note : report.notes()) {
        out.println((md ? "- " : "  ") + note);
      }
    }
    out.println();
    out.println(
        report.changed()
            ? report.changes() + " operation(s) would be decided differently"
            : "nothing would change");
  }

  private static void example(Example example, PrintWriter out, boolean md) {
    String bullet = md ? "- " : "  ";
    String indent = md ? "  - " : "      ";
    out.println(
        bullet
            + (md ? "`" + example.eventId() + "`" : example.eventId().toString())
            + "  "
            + example.time()
            + "  "
            + example.agent()
            + " on "
            + example.connection()
            + (example.action().isEmpty()
                ? ""
                : ": " + example.action() + " " + example.verb() + resources(example.resources())));
    if (example.recorded() != null) {
      out.println(indent + "recorded:  " + verdict(example.recorded()));
    }
    if (example.candidate() != null) {
      out.println(indent + "candidate: " + verdict(example.candidate()));
    }
    if (!example.note().isEmpty()) {
      out.println(indent + example.note());
    }
  }

  private static String verdict(Verdict verdict) {
    return verdict.describe() + (verdict.reason().isEmpty() ? "" : ": " + verdict.reason());
  }

  private static String resources(List<Resource> resources) {
    if (resources.isEmpty()) {
      return "";
    }
    List<String> names = new ArrayList<>();
    for (Resource resource : resources) {
      names.add(
          switch (resource) {
            case Resource.Table table ->
                table.qualifiedName()
                    + (table.columns().isEmpty()
                        ? ""
                        : " (" + String.join(", ", table.columns()) + ")");
            case Resource.Function function -> "function " + function.qualifiedName();
            case Resource.Path path -> path.method() + " " + path.path();
            case Resource.Command command -> "command " + String.join(" ", command.argv());
            case Resource.File f -> "file " + f.path();
          });
    }
    return " " + String.join(", ", names);
  }

  private static String filters(PolicySimulation.Request request) {
    StringBuilder filters = new StringBuilder();
    if (!request.agents().isEmpty()) {
      filters
          .append(", agents ")
          .append(String.join(", ", request.agents().stream().sorted().toList()));
    }
    if (!request.connections().isEmpty()) {
      filters
          .append(", connections ")
          .append(String.join(", ", request.connections().stream().sorted().toList()));
    }
    return filters.toString();
  }

  private static Table table(boolean md, String... header) {
    return md ? new Markdown(header) : new Plain(header);
  }

  private static String first(Tally tally) {
    List<UUID> events = tally.events();
    return events.isEmpty() ? "-" : events.getFirst().toString();
  }

  private static String orDash(String grant) {
    return grant.isEmpty() ? "-" : grant;
  }
}
