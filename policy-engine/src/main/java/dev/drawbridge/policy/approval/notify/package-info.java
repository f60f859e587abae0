/**
 * Notifications of approval requests and verdicts: webhooks (generic JSON or Slack-compatible)
 * posted off the decision path, with retries (docs/approvals.md).
 */
package dev.drawbridge.policy.approval.notify;
