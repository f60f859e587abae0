package dev.drawbridge.config;

import java.nio.file.Path;

/**
 * A server certificate chain and its private key, both PEM files.
 *
 * @param cert PEM certificate chain, leaf first
 * @param key PEM private key (PKCS#8, unencrypted)
 */
public record TlsConfig(Path cert, Path key) {}
