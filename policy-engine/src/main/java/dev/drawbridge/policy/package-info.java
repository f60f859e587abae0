/**
 * Decides operations against the grants of the configuration file. Today a grant lets its subject
 * connect; statement-level rules (allow, review, deny on tables and columns) come next, and until
 * then every other action is refused.
 */
package dev.drawbridge.policy;
