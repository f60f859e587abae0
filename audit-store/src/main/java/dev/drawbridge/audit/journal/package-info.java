/** The local journal: segment files of checksummed records, group commit, recovery. */
package dev.drawbridge.audit.journal;
