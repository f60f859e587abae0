package dev.drawbridge.audit.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One writer of the journal: the segment it appends to, one write per record, with its own lock so
 * that threads on different lanes never wait for each other. A failed write is cut back off the
 * file and the segment sealed, so that no record is ever written after a torn one.
 */
final class Lane {

  private final Journal journal;
  private final ReentrantLock lock = new ReentrantLock();
  private ByteBuffer buffer = ByteBuffer.allocateDirect(64 << 10);
  private volatile FileChannel channel;
  private Segment segment;
  private long position;
  private volatile boolean dirty;
  private boolean closed;

  Lane(Journal journal) {
    this.journal = journal;
  }

  /** Writes one record to the file (not to the disk: see {@link #force()}). */
  void append(byte[] record) throws IOException {
    int size = Frames.size(record);
    lock.lock();
    try {
      if (closed) {
        // an append that passed the journal's check just before close: no segment is started
        // after the lanes were sealed and the directory released
        throw new JournalUnavailableException("the audit journal is closed");
      }
      if (segment == null || position + size > journal.segmentSize() && position > header()) {
        roll();
      }
      journal.reserve(size);
      ByteBuffer frame = frame(record, size);
      long at = position;
      try {
        while (frame.hasRemaining()) {
          at += channel.write(frame, at);
        }
      } catch (IOException e) {
        journal.release(size);
        abandon();
        throw new JournalUnavailableException("the journal could not write: " + e.getMessage(), e);
      }
      position = at;
      segment.end(position);
      dirty = true;
    } finally {
      lock.unlock();
    }
  }

  /** Forces what was written to disk; called by the journal's syncer only. */
  void force() throws IOException {
    FileChannel current = channel;
    if (dirty && current != null) {
      dirty = false;
      current.force(false);
      if (channel != current) {
        // the lane moved to a new segment meanwhile: what it wrote there is forced next time
        dirty = true;
      }
    }
  }

  /** Seals the current segment (at close); the lane takes no record after it. */
  void seal() throws IOException {
    lock.lock();
    try {
      closed = true;
      if (segment != null) {
        segment.seal();
        FileChannel old = channel;
        channel = null;
        segment = null;
        old.force(false);
        old.close();
      }
    } finally {
      lock.unlock();
    }
  }

  private long header() {
    return SegmentFiles.HEADER.length;
  }

  private ByteBuffer frame(byte[] record, int size) {
    if (buffer.capacity() < size) {
      buffer = ByteBuffer.allocateDirect(Integer.highestOneBit(size) << 1);
    }
    buffer.clear();
    Frames.put(buffer, record);
    return buffer.flip();
  }

  private void roll() throws IOException {
    FileChannel old = channel;
    Segment sealed = segment;
    channel = null;
    segment = null;
    if (sealed != null) {
      sealed.seal();
      journal.retire(old);
    }
    journal.reserve(header());
    Segment next = journal.newSegment();
    FileChannel opened;
    try {
      opened = FileChannel.open(next.path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      opened.write(ByteBuffer.wrap(SegmentFiles.HEADER), 0);
    } catch (IOException e) {
      journal.release(header());
      journal.forget(next);
      throw new JournalUnavailableException(
          "the journal could not start a segment: " + e.getMessage(), e);
    }
    next.end(header());
    channel = opened;
    segment = next;
    position = header();
  }

  /** After a failed write: cut the file back to its last whole record and seal it. */
  private void abandon() {
    FileChannel old = channel;
    Segment current = segment;
    channel = null;
    segment = null;
    current.end(position);
    current.seal();
    try {
      old.truncate(position);
    } catch (IOException e) {
      // its end is known and nothing more is written to it; a scan also stops at the torn frame
    }
    journal.retire(old);
  }
}
