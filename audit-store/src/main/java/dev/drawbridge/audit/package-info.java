/**
 * The audit store: the {@link dev.drawbridge.audit.JournalAuditSink} every protocol records to, the
 * local journal ({@code journal}), the canonical record and its hash chain ({@code record}),
 * shipping to PostgreSQL and the queries security teams run.
 */
package dev.drawbridge.audit;
