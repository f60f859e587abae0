package dev.drawbridge.server.admin;

/** One condition {@code /readyz} requires. */
public interface ReadinessCheck {

  /** A short name shown in the readiness report: {@code listeners}, {@code store}. */
  String name();

  /** Answers from memory; never does I/O (the admin listener calls it on an event loop). */
  Status status();

  /** Whether the condition holds, and if not, why. */
  record Status(boolean ready, String detail) {
    public static Status ok(String detail) {
      return new Status(true, detail);
    }

    public static Status notReady(String detail) {
      return new Status(false, detail);
    }
  }
}
