package io.reelay.node.http;

/** Where and how the HTTP capability listens. {@code port} is the real port, never 0. */
public record HttpSettings(String host, int port, long bodyLimitBytes, int shutdownTimeoutSeconds) {}
