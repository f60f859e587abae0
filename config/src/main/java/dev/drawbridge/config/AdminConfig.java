package dev.drawbridge.config;

/**
 * The admin listener: health, readiness and metrics over HTTP. Bind it to loopback or a private
 * network; it is not meant for agents.
 */
public record AdminConfig(BindAddress bind) {}
