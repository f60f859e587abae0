package dev.drawbridge.config.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;

/**
 * Quotes values into messages without ever showing one that came from a secret reference: those are
 * shown as the reference itself ({@code the value of ${env:PG_PORT}}).
 */
public final class ValueEcho {

  private static final int MAX_SHOWN = 60;

  private final Map<String, String> referencedPaths = new HashMap<>();

  /** Records that the value at {@code path} was built from {@code reference}. */
  void referenced(String path, String reference) {
    referencedPaths.merge(path, reference, (a, b) -> a + " and " + b);
  }

  /** Whether the value at {@code path} came (at least partly) from a reference. */
  public boolean isReferenced(String path) {
    return referenceFor(path) != null;
  }

  /**
   * The reference behind {@code path} or behind an enclosing path: a single referenced value where
   * a list is expected becomes that list's first element.
   */
  private String referenceFor(String path) {
    for (String p = path; !p.isEmpty(); p = parent(p)) {
      String reference = referencedPaths.get(p);
      if (reference != null) {
        return reference;
      }
    }
    return null;
  }

  private static String parent(String path) {
    int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
    return cut < 0 ? "" : path.substring(0, cut);
  }

  /** {@code value} as is, or {@code the value of ${env:X}} when it came from a reference. */
  public String plain(String path, String value) {
    String reference = referenceFor(path);
    return reference != null ? "the value of " + reference : truncate(value);
  }

  /** {@code 'value'}, or {@code the value of ${env:X}} when it came from a reference. */
  public String quote(String path, String value) {
    String reference = referenceFor(path);
    if (reference != null) {
      return "the value of " + reference;
    }
    return "'" + truncate(value) + "'";
  }

  /**
   * What a tree value is, for a type error: {@code "abc"}, {@code 1.5}, {@code true}, {@code a
   * mapping}, {@code a list}, or {@code the value of ${env:X}} when it came from a reference.
   */
  public String describe(String path, JsonNode node) {
    if (node.isObject()) {
      return "a mapping";
    }
    if (node.isArray()) {
      return "a list";
    }
    String reference = referenceFor(path);
    if (reference != null) {
      return "the value of " + reference;
    }
    if (node.isTextual()) {
      return "\"" + truncate(node.textValue()) + "\"";
    }
    return truncate(node.asText());
  }

  private static String truncate(String value) {
    return value.length() > MAX_SHOWN ? value.substring(0, MAX_SHOWN) + "…" : value;
  }
}
