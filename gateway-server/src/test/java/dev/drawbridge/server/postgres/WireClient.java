package dev.drawbridge.server.postgres;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bare PostgreSQL frontend over a blocking socket, for sending what no driver would: raw bytes,
 * startup packets of any version, and message headers that lie about their length.
 */
final class WireClient implements AutoCloseable {

  static final int PROTOCOL_3_0 = 0x0003_0000;

  /** One backend message: its type byte and its body (without the length word). */
  record Message(char type, byte[] body) {

    /** The authentication code of an {@code 'R'} message. */
    int authCode() {
      if (type != 'R') {
        throw new IllegalStateException("not an authentication message: " + type);
      }
      return ((body[0] & 0xFF) << 24)
          | ((body[1] & 0xFF) << 16)
          | ((body[2] & 0xFF) << 8)
          | (body[3] & 0xFF);
    }

    /** The fields of an {@code 'E'} or {@code 'N'} message, by their code. */
    Map<Character, String> fields() {
      Map<Character, String> fields = new LinkedHashMap<>();
      int at = 0;
      while (at < body.length && body[at] != 0) {
        char code = (char) body[at];
        int end = at + 1;
        while (body[end] != 0) {
          end++;
        }
        fields.put(code, new String(body, at + 1, end - at - 1, StandardCharsets.UTF_8));
        at = end + 1;
      }
      return fields;
    }
  }

  private final Socket socket;
  private final DataInputStream in;
  private final DataOutputStream out;

  private WireClient(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(new java.io.BufferedInputStream(socket.getInputStream()));
    this.out = new DataOutputStream(socket.getOutputStream());
  }

  /** Connects; every read gives up after {@code timeout} so a silent gateway fails the test. */
  static WireClient connect(int port, Duration timeout) throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), (int) timeout.toMillis());
    socket.setSoTimeout((int) timeout.toMillis());
    return new WireClient(socket);
  }

  void send(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** A startup packet: length, protocol version, name/value pairs, terminator. */
  static byte[] startupPacket(int version, Map<String, String> parameters) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    parameters.forEach(
        (name, value) -> {
          cstring(body, name);
          cstring(body, value);
        });
    body.write(0);
    return concat(int32(8 + body.size()), int32(version), body.toByteArray());
  }

  /** A regular message: type, length (body plus the length word), body. */
  static byte[] message(char type, byte[] body) {
    return concat(new byte[] {(byte) type}, int32(4 + body.length), body);
  }

  /** Logs in with a token as the password and reads up to the first {@code ReadyForQuery}. */
  void login(String user, String database, String token) throws IOException {
    send(startupPacket(PROTOCOL_3_0, Map.of("user", user, "database", database)));
    Message request = read();
    if (request.type() != 'R' || request.authCode() != 3) {
      throw new IllegalStateException("expected a cleartext password request, got " + request);
    }
    ByteArrayOutputStream password = new ByteArrayOutputStream();
    cstring(password, token);
    send(message('p', password.toByteArray()));
    Message next;
    do {
      next = read();
      if (next.type() == 'E') {
        throw new IllegalStateException("login refused: " + next.fields());
      }
    } while (next.type() != 'Z');
  }

  Message read() throws IOException {
    char type = (char) in.readUnsignedByte();
    int length = in.readInt();
    byte[] body = new byte[length - 4];
    in.readFully(body);
    return new Message(type, body);
  }

  /** Whether the gateway closed the connection: the next read sees the end of the stream. */
  boolean closedByPeer() throws IOException {
    return in.read() == -1;
  }

  static byte[] int32(int value) {
    return new byte[] {
      (byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value
    };
  }

  private static void cstring(ByteArrayOutputStream out, String value) {
    out.writeBytes(value.getBytes(StandardCharsets.UTF_8));
    out.write(0);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
