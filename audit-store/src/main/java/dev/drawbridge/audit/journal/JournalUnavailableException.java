package dev.drawbridge.audit.journal;

import java.io.IOException;

/** The journal cannot take a record now: it is full, or the disk refused the write. */
public final class JournalUnavailableException extends IOException {

  private static final long serialVersionUID = 1L;

  public JournalUnavailableException(String message) {
    super(message);
  }

  public JournalUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
