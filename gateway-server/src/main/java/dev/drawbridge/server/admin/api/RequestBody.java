package dev.drawbridge.server.admin.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a request's JSON body strictly: an object with known fields only (a misspelt {@code for}
 * must not turn an approval for an hour into one for a single statement), no duplicate keys,
 * nothing after it.
 */
final class RequestBody {

  private static final ObjectReader READER =
      ApiJson.mapper()
          .reader()
          .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private RequestBody() {}

  /**
   * The body as an object with no other fields than {@code fields}; an empty body is an empty
   * object.
   *
   * @throws ProblemException 415 when it is not JSON, 400 when it does not parse or has another
   *     shape
   */
  static ObjectNode object(ApiRequest request, Set<String> fields) {
    if (!request.hasBody()) {
      return ApiJson.mapper().createObjectNode();
    }
    if (!isJson(request.contentType())) {
      throw new ProblemException(
          415,
          "send the body as application/json (Content-Type was "
              + (request.contentType() == null ? "not set" : "'" + request.contentType() + "'")
              + ")");
    }
    JsonNode node;
    try {
      node = READER.readTree(request.body());
    } catch (JsonProcessingException e) {
      throw new ProblemException(400, "the body is not valid JSON: " + describe(e));
    } catch (IOException e) {
      throw new ProblemException(400, "the body cannot be read as JSON");
    }
    if (node == null || node.isMissingNode()) {
      return ApiJson.mapper().createObjectNode();
    }
    if (!(node instanceof ObjectNode object)) {
      throw new ProblemException(
          400, "the body must be a JSON object such as " + example(fields) + ", not " + kind(node));
    }
    for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!fields.contains(name)) {
        throw new ProblemException(
            400,
            "unknown field '"
                + shorten(name)
                + "' in the body; the fields are: "
                + String.join(", ", new TreeSet<>(fields)));
      }
    }
    return object;
  }

  /** A string field, absent when missing, null or blank. */
  static Optional<String> string(ObjectNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw new ProblemException(400, "'" + field + "' must be a string, not " + kind(value));
    }
    String text = value.asText().strip();
    return text.isEmpty() ? Optional.empty() : Optional.of(text);
  }

  private static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    return type.equals("application/json")
        || (type.startsWith("application/") && type.endsWith("+json"));
  }

  private static String describe(JsonProcessingException e) {
    String message = e.getOriginalMessage();
    int newline = message == null ? -1 : message.indexOf('\n');
    String first =
        message == null ? "unreadable" : newline < 0 ? message : message.substring(0, newline);
    JsonLocation where = e.getLocation();
    return where == null
        ? shorten(first)
        : shorten(first) + " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")";
  }

  private static String kind(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "an array";
      case BOOLEAN -> "a boolean";
      case NUMBER -> "a number";
      case STRING -> "a string";
      case NULL -> "null";
      case OBJECT, POJO -> "an object";
      case BINARY, MISSING -> "nothing";
    };
  }

  private static String example(Set<String> fields) {
    StringBuilder out = new StringBuilder("{");
    for (String field : new TreeSet<>(fields)) {
      out.append(out.length() > 1 ? ", " : "").append('"').append(field).append("\": \"…\"");
    }
    return out.append('}').toString();
  }

  private static String shorten(String text) {
    String clean = text.replaceAll("\\p{Cntrl}", "?");
    return clean.length() <= 120 ? clean : clean.substring(0, 120) + "…";
  }
}
