/**
 * Access reviews on a running gateway: campaigns over the grants in force, each grant set against
 * its use in the audit store, reviewers' decisions, the report and the patch for the configuration
 * file (docs/access-reviews.md).
 */
package dev.drawbridge.server.review;
