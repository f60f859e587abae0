package dev.drawbridge.config;

/**
 * The PostgreSQL database holding audit events, dynamic grants and approvals.
 *
 * @param url JDBC URL
 * @param username database user
 * @param password database password, by reference
 */
public record PostgresStoreConfig(String url, String username, Secret password) {}
