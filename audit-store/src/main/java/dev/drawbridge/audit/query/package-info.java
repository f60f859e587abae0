/**
 * Reading the audit trail back: sessions and events from the database or, without one, from the
 * journal alone; verification of every chain; evidence bundles for auditors.
 */
package dev.drawbridge.audit.query;
