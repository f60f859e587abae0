/** The {@code drawbridge} command line (picocli): serve, config check, token mint, version. */
package dev.drawbridge.server.cli;
