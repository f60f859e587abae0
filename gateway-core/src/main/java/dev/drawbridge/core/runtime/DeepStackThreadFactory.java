package dev.drawbridge.core.runtime;

import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.FastThreadLocalThread;

/**
 * Event loop threads with a deep stack. Sessions parse SQL with PostgreSQL's own parser, native
 * code that recurses once per nesting level of an expression and cannot be stopped by the JVM; a
 * default 1 MiB stack overflows (and kills the process) on a statement of 16 KiB. The stack is
 * reserved, not committed: memory is used only as deep as a statement actually goes.
 */
final class DeepStackThreadFactory extends DefaultThreadFactory {

  /**
   * The stack of every event loop thread; the SQL parser is given statements of at most 1/512 of
   * it, a margin measured with the deepest statement per byte ({@code 1+1+…}).
   */
  static final long STACK_BYTES = 512L * 1024 * 1024;

  DeepStackThreadFactory(String poolName) {
    super(poolName);
  }

  @Override
  protected Thread newThread(Runnable r, String name) {
    return new FastThreadLocalThread(threadGroup, r, name, STACK_BYTES);
  }
}
