/**
 * SQL as PostgreSQL itself reads it: its own parser (libpg_query) through the FFM API, and the
 * classification of each statement into the operations grants speak in.
 */
package dev.drawbridge.postgres.sql;
