/** Where the daemon sends audit events until the audit store's journal is wired in. */
package dev.drawbridge.server.audit;
