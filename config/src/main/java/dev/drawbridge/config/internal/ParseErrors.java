package dev.drawbridge.config.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a parser's complaint into one line: {@code line 3, column 10: mapping values are not
 * allowed here}. The YAML parser writes several lines (a context, the problem, each with a marked
 * source excerpt); this keeps the sentences, drops the excerpts and uses the problem's position.
 */
final class ParseErrors {

  private static final Pattern MARK =
      Pattern.compile("^ in '[^']*', line (\\d+), column (\\d+):?$");

  private ParseErrors() {}

  static String describe(JsonProcessingException e) {
    String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    String[] lines = original.split("\\R");
    List<String> sentences = new ArrayList<>();
    String position = position(e.getLocation());
    for (int i = 0; i < lines.length; i++) {
      Matcher mark = MARK.matcher(lines[i]);
      if (mark.matches()) {
        position = "line " + mark.group(1) + ", column " + mark.group(2) + ": ";
        i += 2;
      } else if (!lines[i].isBlank()) {
        sentences.add(lines[i].strip());
      }
    }
    String text = sentences.isEmpty() ? "cannot be parsed" : String.join("; ", sentences);
    return position + text;
  }

  private static String position(JsonLocation location) {
    if (location == null || location.getLineNr() < 1) {
      return "";
    }
    return "line " + location.getLineNr() + ", column " + location.getColumnNr() + ": ";
  }
}
