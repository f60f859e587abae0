package dev.drawbridge.postgres.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The upstream's messages, one at a time or, in a relaying session, rows in runs. */
class BackendDecoderTest {

  @Test
  void consecutiveRowsThatArrivedTogetherAreOneRunOnceRunsAreOn() {
    BackendDecoder decoder = new BackendDecoder(1 << 20);
    EmbeddedChannel channel = new EmbeddedChannel(decoder);
    channel.writeInbound(bytes(message('T', 3), message('D', 4), message('D', 5)));
    assertThat(kinds(channel)).containsExactly("T", "D", "D");

    decoder.emitRowRuns();
    // a row cut by the end of a read arrives whole with the next one, alone
    channel.writeInbound(bytes(message('D', 7), partial(message('D', 8), 4)));
    assertThat(kinds(channel)).containsExactly("D");
    channel.writeInbound(rest(message('D', 8), 4));
    assertThat(kinds(channel)).containsExactly("D");
    channel.writeInbound(bytes(message('D', 4), message('D', 5), message('D', 6), message('C', 2)));
    List<Object> read = drain(channel);
    assertThat(read).hasSize(2);
    assertThat(read.get(0))
        .isInstanceOfSatisfying(
            RowRun.class,
            run -> {
              assertThat(run.count()).isEqualTo(3);
              assertThat(run.rows().readableBytes()).isEqualTo(3 * 5 + 4 + 5 + 6);
              run.rows().release();
            });
    assertThat(((ByteBuf) read.get(1)).getByte(0)).isEqualTo((byte) 'C');
    ((ByteBuf) read.get(1)).release();
    channel.finishAndReleaseAll();
  }

  /** A message of {@code type} with a body of {@code body} bytes. */
  private static byte[] message(char type, int body) {
    byte[] message = new byte[5 + body];
    message[0] = (byte) type;
    int length = body + 4;
    message[1] = (byte) (length >>> 24);
    message[2] = (byte) (length >>> 16);
    message[3] = (byte) (length >>> 8);
    message[4] = (byte) length;
    return message;
  }

  private static ByteBuf bytes(byte[]... messages) {
    ByteBuf out = Unpooled.buffer();
    for (byte[] message : messages) {
      out.writeBytes(message);
    }
    return out;
  }

  private static byte[] partial(byte[] message, int keep) {
    byte[] part = new byte[keep];
    System.arraycopy(message, 0, part, 0, keep);
    return part;
  }

  private static ByteBuf rest(byte[] message, int from) {
    return Unpooled.wrappedBuffer(message, from, message.length - from);
  }

  private static List<Object> drain(EmbeddedChannel channel) {
    List<Object> read = new ArrayList<>();
    for (Object m = channel.readInbound(); m != null; m = channel.readInbound()) {
      read.add(m);
    }
    return read;
  }

  /** What was decoded: a message's type, or {@code run:N}; released. */
  private static List<String> kinds(EmbeddedChannel channel) {
    List<String> kinds = new ArrayList<>();
    for (Object m : drain(channel)) {
      if (m instanceof RowRun run) {
        kinds.add("run:" + run.count());
        run.rows().release();
      } else {
        ByteBuf frame = (ByteBuf) m;
        kinds.add(String.valueOf((char) frame.getByte(0)));
        frame.release();
      }
    }
    return kinds;
  }
}
