/**
 * Shipping the journal to PostgreSQL: the audit database and its migrations, and the shipper that
 * copies journal records into schema {@code audit} in idempotent batches and trims what it shipped.
 */
package dev.drawbridge.audit.store;
