package dev.drawbridge.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the gateway posts a notification when a statement starts waiting for an approval and when
 * it is decided.
 *
 * @param url the {@code http://} or {@code https://} URL to POST to; it may carry a token (a Slack
 *     incoming webhook's does), so it is never shown in messages or logs beyond its host
 * @param format the payload: generic JSON (default) or a Slack incoming webhook message
 * @param headers extra request headers, such as {@code Authorization}; the values are secrets
 * @param events which events are posted (default both)
 */
public record WebhookConfig(
    String url, Format format, Map<String, Secret> headers, List<Event> events) {

  public WebhookConfig {
    format = format == null ? Format.JSON : format;
    headers =
        headers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    events = events == null ? List.of(Event.values()) : List.copyOf(events);
  }

  /** What a webhook is sent. */
  public enum Format {
    /** The gateway's own JSON document (docs/approvals.md). */
    JSON("json"),
    /** A Slack-compatible incoming webhook message: {@code text} and {@code blocks}. */
    SLACK("slack");

    private final String configName;

    Format(String configName) {
      this.configName = configName;
    }

    @JsonValue
    public String configName() {
      return configName;
    }

    @JsonCreator
    public static Format fromConfigName(String name) {
      for (Format format : values()) {
        if (format.configName.equals(name)) {
          return format;
        }
      }
      throw new IllegalArgumentException(
          "unknown webhook format '" + name + "' (expected json or slack)");
    }
  }

  /** When a webhook is sent. */
  public enum Event {
    /** A statement started waiting for an approver. */
    REQUESTED("requested"),
    /** A request was approved, denied, timed out or abandoned. */
    DECIDED("decided");

    private final String configName;

    Event(String configName) {
      this.configName = configName;
    }

    @JsonValue
    public String configName() {
      return configName;
    }

    @JsonCreator
    public static Event fromConfigName(String name) {
      for (Event event : values()) {
        if (event.configName.equals(name)) {
          return event;
        }
      }
      throw new IllegalArgumentException(
          "unknown webhook event '" + name + "' (expected requested or decided)");
    }
  }
}
