package dev.drawbridge.audit.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drawbridge.audit.record.Hashes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads an evidence bundle back the way an auditor would, independently of the writer. */
final class Bundles {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Bundles() {}

  static JsonNode json(Path file) throws IOException {
    return JSON.readTree(file.toFile());
  }

  /** Every file the manifest lists has the size and SHA-256 it says; answers their names. */
  static List<String> checkManifest(Path dir) throws IOException {
    JsonNode manifest = json(dir.resolve(EvidenceExport.MANIFEST));
    List<String> names = new ArrayList<>();
    for (JsonNode file : manifest.get("files")) {
      Path path = dir.resolve(file.get("name").asText());
      byte[] bytes = Files.readAllBytes(path);
      assertThat(file.get("size").asLong()).as(path.toString()).isEqualTo(bytes.length);
      assertThat(file.get("sha256").asText()).as(path.toString()).isEqualTo(Hashes.sha256(bytes));
      names.add(file.get("name").asText());
    }
    return names;
  }

  static List<String> lines(Path file) throws IOException {
    return Files.readAllLines(file, StandardCharsets.UTF_8);
  }

  /** RFC 4180, read character by character: quoted fields, doubled quotes, CRLF rows. */
  static List<List<String>> csv(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (quoted) {
        if (ch == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (ch == '"') {
          quoted = false;
        } else {
          field.append(ch);
        }
      } else if (ch == '"') {
        quoted = true;
      } else if (ch == ',') {
        row.add(field.toString());
        field.setLength(0);
      } else if (ch == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
        row.add(field.toString());
        field.setLength(0);
        rows.add(row);
        row = new ArrayList<>();
        i++;
      } else {
        field.append(ch);
      }
    }
    assertThat(field).as("the file ends with CRLF").isEmpty();
    assertThat(row).isEmpty();
    return rows;
  }
}
