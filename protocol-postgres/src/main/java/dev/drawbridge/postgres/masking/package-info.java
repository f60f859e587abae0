/**
 * Result masking for PostgreSQL: which upstream columns are masked (a catalog snapshot read on a
 * connection of the gateway's own, following views back to their tables), and the rewriting of
 * {@code DataRow} messages with gateway-core's masking engine.
 */
package dev.drawbridge.postgres.masking;
