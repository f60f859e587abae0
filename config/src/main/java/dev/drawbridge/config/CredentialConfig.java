package dev.drawbridge.config;

/**
 * The credential the gateway holds for an upstream.
 *
 * @param username upstream user
 * @param password upstream password, by {@code ${env:…}} or {@code ${file:…}} reference
 */
public record CredentialConfig(String username, Secret password) {}
