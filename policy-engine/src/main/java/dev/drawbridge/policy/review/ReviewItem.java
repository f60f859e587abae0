package dev.drawbridge.policy.review;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One grant in a campaign, with what the audit store showed of it and what the review suggests. The
 * JSON fields are kept as the admin API shows them (docs/access-reviews.md).
 *
 * @param campaign the campaign's name
 * @param grantId the grant's id (unique within the campaign)
 * @param kind {@code file} (the configuration file's) or {@code temporary} (made at run time)
 * @param definitionJson the grant as it was when the campaign started
 * @param expiresAt when a temporary grant lapses; null for a file grant
 * @param evidenceJson operations by action and resource, last use, denied attempts, approvals
 * @param unusedJson the permissions nothing used
 * @param recommendationJson certify, narrow (with the narrowed grant) or revoke
 * @param position its place in the campaign
 * @param decision the reviewer's decision, or null while undecided
 */
public record ReviewItem(
    String campaign,
    String grantId,
    String kind,
    String definitionJson,
    Instant expiresAt,
    String evidenceJson,
    String unusedJson,
    String recommendationJson,
    int position,
    ItemDecision decision) {

  /** A file grant's kind. */
  public static final String FILE = "file";

  /** A run-time grant's kind. */
  public static final String TEMPORARY = "temporary";

  public ReviewItem {
    Objects.requireNonNull(campaign, "campaign");
    Objects.requireNonNull(grantId, "grantId");
    if (!kind.equals(FILE) && !kind.equals(TEMPORARY)) {
      throw new IllegalArgumentException("kind must be file or temporary: " + kind);
    }
    Objects.requireNonNull(definitionJson, "definitionJson");
    Objects.requireNonNull(evidenceJson, "evidenceJson");
    Objects.requireNonNull(unusedJson, "unusedJson");
    Objects.requireNonNull(recommendationJson, "recommendationJson");
  }

  public Optional<ItemDecision> decided() {
    return Optional.ofNullable(decision);
  }

  public boolean temporary() {
    return kind.equals(TEMPORARY);
  }
}
