package dev.drawbridge.postgres.codec;

import io.netty.buffer.ByteBuf;

/**
 * Accessors for a regular message held as its exact bytes: type byte, length word, body. The reader
 * index of a frame is never moved by these, so the frame can still be forwarded as is.
 */
public final class Frames {

  /** Type byte and length word. */
  public static final int HEADER = 5;

  private Frames() {}

  public static byte type(ByteBuf frame) {
    return frame.getByte(frame.readerIndex());
  }

  /** Absolute index of the first body byte. */
  public static int bodyStart(ByteBuf frame) {
    return frame.readerIndex() + HEADER;
  }

  /** Absolute index just past the last body byte. */
  public static int bodyEnd(ByteBuf frame) {
    return frame.writerIndex();
  }
}
