package dev.drawbridge.postgres.server;

import dev.drawbridge.postgres.codec.Frames;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The server settings under which the gateway reads statements exactly as the server does: text in
 * an encoding where every ASCII byte is that character (not SJIS, BIG5, GBK, GB18030, UHC or JOHAB,
 * whose second bytes can be a quote or a backslash), and {@code standard_conforming_strings} on
 * (the grammar the gateway's parser uses). A session that leaves them is ended.
 */
final class ReadableSettings {

  /** Client encodings whose multi-byte characters can end in an ASCII byte. */
  private static final Set<String> UNREADABLE_ENCODINGS =
      Set.of(
          "SJIS",
          "SHIFTJIS",
          "SHIFTJIS2004",
          "MSKANJI",
          "WIN932",
          "BIG5",
          "WIN950",
          "GBK",
          "WIN936",
          "CP936",
          "GB18030",
          "UHC",
          "WIN949",
          "JOHAB");

  private ReadableSettings() {}

  /** Why a client encoding cannot be read, if it cannot. */
  static Optional<String> encodingProblem(String encoding) {
    String normalized = encoding.toUpperCase(Locale.ROOT).replace("_", "").replace("-", "");
    return UNREADABLE_ENCODINGS.contains(normalized)
        ? Optional.of(
            "client_encoding "
                + encoding
                + " can hide a quote or a backslash inside a character, so the gateway could not"
                + " read statements as the server does; use UTF8")
        : Optional.empty();
  }

  /** Why a setting the server reported makes statements unreadable, if it does. */
  static Optional<String> problem(String name, String value) {
    return switch (name) {
      case "client_encoding" -> encodingProblem(value);
      case "standard_conforming_strings" ->
          value.equalsIgnoreCase("on")
              ? Optional.empty()
              : Optional.of(
                  "standard_conforming_strings is off, so backslashes in strings would be read"
                      + " differently by the gateway and the server; it must stay on");
      default -> Optional.empty();
    };
  }

  /** The same for a {@code ParameterStatus} frame. */
  static Optional<String> problem(ByteBuf parameterStatus) {
    int at = Frames.bodyStart(parameterStatus);
    int end = Frames.bodyEnd(parameterStatus);
    int nameEnd = parameterStatus.indexOf(at, end, (byte) 0);
    if (nameEnd < 0) {
      return Optional.empty();
    }
    int valueEnd = parameterStatus.indexOf(nameEnd + 1, end, (byte) 0);
    String name = parameterStatus.toString(at, nameEnd - at, StandardCharsets.UTF_8);
    String value =
        parameterStatus.toString(
            nameEnd + 1, (valueEnd < 0 ? end : valueEnd) - nameEnd - 1, StandardCharsets.UTF_8);
    return problem(name, value);
  }
}
