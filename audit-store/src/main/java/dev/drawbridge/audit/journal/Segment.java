package dev.drawbridge.audit.journal;

import java.nio.file.Path;

/**
 * What the journal knows of one segment file: how far its whole records reach, whether a lane still
 * writes to it, and how far it has been shipped.
 */
final class Segment {

  final long number;
  final Path path;
  private volatile long end;
  private volatile boolean sealed;
  private volatile long shipped;

  Segment(long number, Path path, long end, boolean sealed) {
    this.number = number;
    this.path = path;
    this.end = end;
    this.sealed = sealed;
  }

  long end() {
    return end;
  }

  void end(long end) {
    this.end = end;
  }

  boolean sealed() {
    return sealed;
  }

  void seal() {
    sealed = true;
  }

  long shipped() {
    return shipped;
  }

  void shipped(long offset) {
    shipped = Math.max(shipped, offset);
  }

  /** Where shipping resumes: never before the first record. */
  long resumeAt() {
    return Math.max(shipped, SegmentFiles.HEADER.length);
  }

  /** Sealed and shipped to its end: nothing in it is needed any more. */
  boolean done() {
    return sealed && resumeAt() >= end;
  }
}
