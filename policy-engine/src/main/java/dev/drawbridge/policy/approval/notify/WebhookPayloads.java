package dev.drawbridge.policy.approval.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drawbridge.config.WebhookConfig;
import dev.drawbridge.core.model.ApprovalVerdict;
import dev.drawbridge.policy.approval.ApprovalRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The bodies webhooks receive: the gateway's own JSON document, or a Slack incoming-webhook
 * message. Statement text comes already redacted by the gateway; it is capped here so that one huge
 * statement cannot make a huge request (or a Slack block the API refuses).
 */
final class WebhookPayloads {

  /** Slack refuses a section text over 3000 characters; the rest of the section needs room. */
  static final int SLACK_STATEMENT_CHARS = 2500;

  /** The JSON document carries at most this much of a statement (its SHA-256 is always there). */
  static final int JSON_STATEMENT_CHARS = 64 * 1024;

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final DateTimeFormatter SHOWN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  private WebhookPayloads() {}

  /** The body for {@code request} in {@code format}: a requested or a decided event. */
  static byte[] body(WebhookConfig.Format format, String gateway, ApprovalRequest request) {
    ObjectNode body =
        switch (format) {
          case JSON -> json(gateway, request);
          case SLACK -> request.verdict() == null ? slackRequested(request) : slackDecided(request);
        };
    try {
      return MAPPER.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a webhook body", e);
    }
  }

  /** {@code approval.requested} while it waits, else {@code approval.decided}. */
  static String event(ApprovalRequest request) {
    return request.verdict() == null ? "approval.requested" : "approval.decided";
  }

  static ObjectNode json(String gateway, ApprovalRequest request) {
    ObjectNode body = MAPPER.createObjectNode();
    body.put("event", event(request));
    ObjectNode approval = body.putObject("approval");
    approval.put("id", request.id());
    approval.put("agent", request.agent());
    approval.put("connection", request.connection());
    approval.put("session", request.session());
    approval.put("sequence", request.sequence());
    approval.put("action", request.action());
    approval.put("verb", request.verb());
    ArrayNode resources = approval.putArray("resources");
    request.resources().forEach(resources::add);
    approval.put("statement", truncate(request.statement(), JSON_STATEMENT_CHARS));
    if (request.statement().length() > JSON_STATEMENT_CHARS) {
      approval.put("statementTruncated", true);
    }
    approval.put("statementSha256", request.statementSha256());
    approval.put("grant", request.grantId());
    approval.put("reason", request.reason());
    approval.put("requestedAt", request.requestedAt().toString());
    approval.put("deadline", request.deadline().toString());
    approval.put("status", request.status());
    switch (request.verdict()) {
      case null -> {}
      case ApprovalVerdict.Approved approved -> {
        approval.put("approver", approved.approver());
        putIfPresent(approval, "decisionReason", approved.reason());
        putIfPresent(approval, "temporaryGrant", approved.grantId());
        if (approved.until() != null) {
          approval.put("until", approved.until().toString());
        }
      }
      case ApprovalVerdict.Denied denied -> {
        approval.put("approver", denied.approver());
        putIfPresent(approval, "decisionReason", denied.reason());
      }
      case ApprovalVerdict.TimedOut timedOut ->
          approval.put("decisionReason", "no decision within " + describe(timedOut.waited()));
      case ApprovalVerdict.Abandoned abandoned ->
          putIfPresent(approval, "decisionReason", abandoned.reason());
      case ApprovalVerdict.Failed failedVerdict ->
          putIfPresent(approval, "decisionReason", failedVerdict.reason());
    }
    body.put("gateway", gateway);
    body.put("approve", approveCommand(request));
    body.put("deny", denyCommand(request));
    return body;
  }

  static ObjectNode slackRequested(ApprovalRequest request) {
    ObjectNode body = MAPPER.createObjectNode();
    body.put(
        "text",
        escape(
            "Approval requested: "
                + request.agent()
                + " wants to run "
                + request.verb()
                + " on "
                + request.connection()
                + " ("
                + request.id()
                + ")"));
    ArrayNode blocks = body.putArray("blocks");
    String details =
        "*Approval requested* `"
            + request.id()
            + "`\n*Agent:* "
            + escape(request.agent())
            + "\n*Connection:* "
            + escape(request.connection())
            + "\n```"
            + escape(codeBlock(truncate(request.statement(), SLACK_STATEMENT_CHARS)))
            + "```\n*Reason:* "
            + escape(request.reason())
            + "\n*Deadline:* "
            + SHOWN.format(request.deadline());
    ObjectNode section = blocks.addObject();
    section.put("type", "section");
    mrkdwn(section.putObject("text"), details);
    ObjectNode context = blocks.addObject();
    context.put("type", "context");
    mrkdwn(
        context.putArray("elements").addObject(),
        "Approve: `"
            + approveCommand(request)
            + "` (for a while: `--for 1h --reason \"...\"`) · Deny: `"
            + escape(denyCommand(request))
            + "`");
    return body;
  }

  static ObjectNode slackDecided(ApprovalRequest request) {
    String outcome =
        switch (request.verdict()) {
          case ApprovalVerdict.Approved approved ->
              "approved by "
                  + approved.approver()
                  + (approved.reason().isEmpty() ? "" : ": " + approved.reason())
                  + (approved.until() == null
                      ? ""
                      : "; grant " + approved.grantId() + " in force until " + approved.until());
          case ApprovalVerdict.Denied denied ->
              "denied by "
                  + denied.approver()
                  + (denied.reason().isEmpty() ? "" : ": " + denied.reason());
          case ApprovalVerdict.TimedOut timedOut ->
              "timed out after " + describe(timedOut.waited());
          case ApprovalVerdict.Abandoned abandoned -> "abandoned: " + abandoned.reason();
          case ApprovalVerdict.Failed failedVerdict -> "failed: " + failedVerdict.reason();
        };
    ObjectNode body = MAPPER.createObjectNode();
    body.put(
        "text",
        escape(
            "Approval "
                + request.id()
                + " ("
                + request.agent()
                + ", "
                + request.verb()
                + " on "
                + request.connection()
                + ") "
                + outcome));
    return body;
  }

  static String approveCommand(ApprovalRequest request) {
    return "drawbridge approvals approve " + request.id();
  }

  static String denyCommand(ApprovalRequest request) {
    return "drawbridge approvals deny " + request.id() + " --reason \"...\"";
  }

  private static void mrkdwn(ObjectNode node, String text) {
    node.put("type", "mrkdwn");
    node.put("text", text);
  }

  private static void putIfPresent(ObjectNode node, String field, String value) {
    if (value != null && !value.isEmpty()) {
      node.put(field, value);
    }
  }

  /**
   * Slack's three control characters: without this, text from a statement could mention {@code
   * <!channel>} or show a link under false words.
   */
  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  /** A statement inside a code block: three backticks in it would end the block early. */
  private static String codeBlock(String text) {
    return text.replace("```", "`\u200b``");
  }

  /** At most {@code max} characters, never splitting a surrogate pair, with a marker when cut. */
  static String truncate(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    int end = max;
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end) + "… (" + (text.length() - end) + " more characters)";
  }

  private static String describe(Duration duration) {
    return duration.toString().substring(2).toLowerCase(Locale.ROOT);
  }
}
