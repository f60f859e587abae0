package dev.drawbridge.audit.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What an evidence bundle holds, written last as {@code manifest.json}: when and by what it was
 * made, the window, what the events are, and the SHA-256 and size of every other file.
 *
 * @param generated when the bundle was made
 * @param tool the version of the tool that made it, or {@code null} when unknown
 * @param source what the events were read from
 * @param window the window exported
 * @param events events exported
 * @param chains chains they belong to
 * @param types events by type
 * @param clean whether verification found nothing wrong
 * @param problems how many problems it found
 * @param files the bundle's other files
 */
public record ExportManifest(
    Instant generated,
    String tool,
    String source,
    TimeWindow window,
    long events,
    long chains,
    SortedMap<String, Long> types,
    boolean clean,
    long problems,
    List<FileDigest> files) {

  /** The bundle format, the manifest's first field. */
  public static final String FORMAT = "drawbridge-audit-evidence/1";

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One file of the bundle.
   *
   * @param name its name in the bundle
   * @param size its size in bytes
   * @param sha256 the SHA-256 of its bytes, lower-case hex
   */
  public record FileDigest(String name, long size, String sha256) {}

  public ExportManifest {
    Objects.requireNonNull(generated, "generated");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(window, "window");
    types = Collections.unmodifiableSortedMap(new TreeMap<>(types));
    files = List.copyOf(files);
  }

  public ObjectNode json() {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("generated", generated.toString());
    ObjectNode tool = root.putObject("tool");
    tool.put("name", "drawbridge");
    tool.put("version", this.tool);
    root.put("source", source);
    root.set("window", VerificationReport.window(window));
    root.put("events", events);
    root.put("chains", chains);
    ObjectNode byType = root.putObject("types");
    for (Map.Entry<String, Long> type : types.entrySet()) {
      byType.put(type.getKey(), type.getValue());
    }
    ObjectNode verification = root.putObject("verification");
    verification.put("clean", clean);
    verification.put("problems", problems);
    ArrayNode list = root.putArray("files");
    for (FileDigest file : files) {
      ObjectNode node = list.addObject();
      node.put("name", file.name());
      node.put("size", file.size());
      node.put("sha256", file.sha256());
    }
    return root;
  }
}
