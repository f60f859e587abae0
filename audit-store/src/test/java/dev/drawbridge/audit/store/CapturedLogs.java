package dev.drawbridge.audit.store;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** What one logger logs while a test runs. */
final class CapturedLogs implements AutoCloseable {

  private final Logger logger;
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  private CapturedLogs(Logger logger) {
    this.logger = logger;
    appender.start();
    logger.addAppender(appender);
  }

  static CapturedLogs of(Class<?> type) {
    return new CapturedLogs((Logger) LoggerFactory.getLogger(type));
  }

  /** The messages logged at {@code level}, formatted. */
  List<String> at(Level level) {
    synchronized (appender.list) {
      return appender.list.stream()
          .filter(event -> event.getLevel() == level)
          .map(ILoggingEvent::getFormattedMessage)
          .toList();
    }
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
    appender.stop();
  }
}
