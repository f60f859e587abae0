package dev.drawbridge.policy;

/** The three lists of rules a grant has. */
enum RuleKind {
  /** Allowed outright. */
  ALLOW,
  /** Held for a human's just-in-time approval. */
  REVIEW,
  /** Refused even where another rule allows. */
  DENY
}
