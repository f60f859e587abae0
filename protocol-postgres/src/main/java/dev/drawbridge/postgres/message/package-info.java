/** PostgreSQL v3 protocol messages the gateway reads or writes itself, and their type bytes. */
package dev.drawbridge.postgres.message;
