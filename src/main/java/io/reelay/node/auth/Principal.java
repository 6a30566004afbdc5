package io.reelay.node.auth;

/** Who made a request, as proven by a valid token. */
public record Principal(long userId, String username, Role role) {}
