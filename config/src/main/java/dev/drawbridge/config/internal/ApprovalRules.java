package dev.drawbridge.config.internal;

import dev.drawbridge.config.ApprovalsConfig;
import dev.drawbridge.config.DrawbridgeConfig;
import dev.drawbridge.config.Secret;
import dev.drawbridge.config.WebhookConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How long held statements wait, how long temporary grants may last, and the webhooks that hear of
 * requests and decisions. A webhook's URL and header values are never quoted: a Slack URL is itself
 * a token, and headers carry credentials.
 */
final class ApprovalRules implements SemanticRule {

  /** The longest an agent's statement may wait for an approver. */
  static final Duration MAX_TIMEOUT = Duration.ofHours(24);

  /** The longest a grant given by an approval may last. */
  static final Duration MAX_GRANT = Duration.ofDays(366);

  /** More webhooks than this is a mistake, and each one is a request per event. */
  static final int MAX_WEBHOOKS = 16;

  /** An HTTP header name (RFC 9110 token). */
  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  /** Headers the HTTP client sets itself, and the content type the gateway sets. */
  private static final Set<String> RESERVED_HEADERS =
      Set.of("connection", "content-length", "content-type", "expect", "host", "upgrade");

  @Override
  public void check(DrawbridgeConfig config, ValidationContext context) {
    ApprovalsConfig approvals = config.approvals();
    Limits.positiveAtMost(approvals.timeout(), MAX_TIMEOUT, "approvals.timeout", context);
    Limits.positiveAtMost(approvals.maxGrant(), MAX_GRANT, "approvals.maxGrant", context);
    List<WebhookConfig> webhooks = approvals.webhooks();
    if (webhooks.size() > MAX_WEBHOOKS) {
      context.error(
          "approvals.webhooks", "at most " + MAX_WEBHOOKS + " webhooks, got " + webhooks.size());
    }
    for (int i = 0; i < webhooks.size(); i++) {
      webhook(webhooks.get(i), ConfigPaths.index("approvals.webhooks", i), context);
    }
  }

  private static void webhook(WebhookConfig webhook, String base, ValidationContext context) {
    if (webhook.url() != null) {
      url(webhook.url(), base + ".url", context);
    }
    if (webhook.events().isEmpty()) {
      context.error(
          base + ".events", "must name at least one of requested, decided (leave it out for both)");
    }
    Map<String, String> seen = new HashMap<>();
    for (Map.Entry<String, Secret> header : webhook.headers().entrySet()) {
      String name = header.getKey();
      String path = ConfigPaths.child(base + ".headers", name);
      if (!HEADER_NAME.matcher(name).matches()) {
        context.error(path, "not a valid HTTP header name");
        continue;
      }
      String lower = name.toLowerCase(Locale.ROOT);
      if (RESERVED_HEADERS.contains(lower)) {
        context.error(path, "the gateway sets this header itself; leave it out");
        continue;
      }
      String first = seen.putIfAbsent(lower, path);
      if (first != null) {
        context.error(path, "the same header as " + first + " (header names ignore case)");
      }
      if (!validHeaderValue(header.getValue().reveal())) {
        context.error(path, "must not be empty or contain line breaks or control characters");
      }
    }
  }

  private static void url(String url, String path, ValidationContext context) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      context.error(path, "not a valid URL (" + e.getReason() + ")");
      return;
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      context.error(
          path, "must be an https:// or http:// URL, such as https://hooks.example.com/drawbridge");
      return;
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      context.error(path, "the URL has no host");
      return;
    }
    if (scheme.equals("http") && !Hosts.isLoopback(host)) {
      context.warning(
          path,
          "plain http to "
              + host
              + ": statements, approval ids and any headers cross the network unencrypted; use"
              + " https://");
    }
  }

  private static boolean validHeaderValue(String value) {
    if (value.isBlank()) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 && c != '\t' || c == 0x7f) {
        return false;
      }
    }
    return true;
  }
}
