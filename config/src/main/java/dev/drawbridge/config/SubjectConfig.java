package dev.drawbridge.config;

/** Who a grant is for: exactly one of an agent name or a group name. */
public record SubjectConfig(String agent, String group) {}
