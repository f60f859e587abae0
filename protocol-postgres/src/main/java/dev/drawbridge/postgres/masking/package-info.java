/**
 * What the agent may see of PostgreSQL results: which upstream columns are masked (a catalog
 * snapshot read on a connection of the gateway's own, following views and partitions back to their
 * tables), the rewriting of {@code DataRow} and {@code COPY} data with gateway-core's masking
 * engine, errors scrubbed of values, and row limits, all placed by following each result through
 * both protocols ({@link dev.drawbridge.postgres.masking.ResultTracker}).
 */
package dev.drawbridge.postgres.masking;
