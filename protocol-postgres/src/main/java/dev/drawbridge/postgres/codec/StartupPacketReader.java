package dev.drawbridge.postgres.codec;

import dev.drawbridge.postgres.PgProtocolException;
import dev.drawbridge.postgres.message.Cstrings;
import dev.drawbridge.postgres.message.ErrorResponse;
import dev.drawbridge.postgres.message.SqlState;
import dev.drawbridge.postgres.message.StartupPacket;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads one whole startup packet (its length already checked) into a {@link StartupPacket}. */
final class StartupPacketReader {

  private StartupPacketReader() {}

  /**
   * @param packet the packet, length word included
   */
  static StartupPacket read(ByteBuf packet) {
    int length = packet.readInt();
    int code = packet.readInt();
    return switch (code) {
      case StartupPacket.SSL_REQUEST_CODE -> {
        requireLength(length, 8, "SSLRequest");
        yield StartupPacket.SslRequest.INSTANCE;
      }
      case StartupPacket.GSSENC_REQUEST_CODE -> {
        requireLength(length, 8, "GSSENCRequest");
        yield StartupPacket.GssEncRequest.INSTANCE;
      }
      case StartupPacket.CANCEL_REQUEST_CODE -> {
        requireLength(length, 16, "CancelRequest");
        yield new StartupPacket.CancelRequest(packet.readInt(), packet.readInt());
      }
      default -> startupMessage(code, packet);
    };
  }

  private static StartupPacket startupMessage(int version, ByteBuf packet) {
    int major = version >>> 16;
    int minor = version & 0xFFFF;
    if (major != 3) {
      throw new PgProtocolException(
          ErrorResponse.fatal(
              SqlState.FEATURE_NOT_SUPPORTED,
              "unsupported frontend protocol "
                  + major
                  + "."
                  + minor
                  + ": Drawbridge speaks protocol 3.0",
              "use a client from PostgreSQL 7.4 or later (every current driver speaks 3.0)"));
    }
    Map<String, String> parameters = new LinkedHashMap<>();
    int end = packet.writerIndex();
    while (true) {
      int at = packet.readerIndex();
      if (at >= end) {
        throw layout("the parameter list is not terminated");
      }
      if (packet.getByte(at) == 0) {
        if (at != end - 1) {
          throw layout("bytes follow the parameter list's terminator");
        }
        return new StartupPacket.StartupMessage(minor, parameters);
      }
      int nameEnd = Cstrings.terminator(packet, at, end);
      if (nameEnd < 0) {
        throw layout("a name is not terminated");
      }
      String name = packet.toString(at, nameEnd - at, StandardCharsets.UTF_8);
      int valueEnd = Cstrings.terminator(packet, nameEnd + 1, end);
      if (valueEnd < 0) {
        throw layout("the value of \"" + name + "\" is not terminated");
      }
      String value = packet.toString(nameEnd + 1, valueEnd - nameEnd - 1, StandardCharsets.UTF_8);
      packet.readerIndex(valueEnd + 1);
      if (parameters.putIfAbsent(name, value) != null) {
        throw layout("parameter \"" + name + "\" is given twice");
      }
    }
  }

  private static void requireLength(int length, int expected, String what) {
    if (length != expected) {
      throw new PgProtocolException(
          ErrorResponse.fatal(
              SqlState.PROTOCOL_VIOLATION,
              "invalid " + what + " length " + length + " (expected " + expected + ")"));
    }
  }

  private static PgProtocolException layout(String problem) {
    return new PgProtocolException(
        ErrorResponse.fatal(
            SqlState.PROTOCOL_VIOLATION, "invalid startup packet layout: " + problem));
  }
}
