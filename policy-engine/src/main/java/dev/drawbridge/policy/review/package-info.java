/**
 * Access reviews: each grant set against how it was used over a window (from the audit store), with
 * the permissions it gives that nobody used and a least-privilege recommendation
 * (docs/access-reviews.md).
 */
package dev.drawbridge.policy.review;
