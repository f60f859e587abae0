package dev.drawbridge.config;

import java.nio.file.Path;

/**
 * The SSH listener.
 *
 * @param bind where agents connect
 * @param hostKey the gateway's SSH host key (OpenSSH private key file)
 */
public record SshListenerConfig(BindAddress bind, Path hostKey) {}
