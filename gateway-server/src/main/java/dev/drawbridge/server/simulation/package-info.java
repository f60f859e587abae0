/**
 * Policy simulation over the audit trail: the trail's decided operations read back, decided again
 * against candidate grants by the policy engine, and the report as JSON; shared by the CLI and,
 * later, the admin API.
 */
package dev.drawbridge.server.simulation;
