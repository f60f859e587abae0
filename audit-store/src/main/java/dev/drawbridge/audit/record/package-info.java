/** The canonical record, its hash and its place in a chain. */
package dev.drawbridge.audit.record;
