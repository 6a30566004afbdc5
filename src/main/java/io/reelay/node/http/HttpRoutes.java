package io.reelay.node.http;

import io.vertx.ext.web.Router;

/**
 * Routes a capability contributes to the node's one HTTP server. Called once per instance of the
 * HTTP capability, on that instance's event loop, so handlers must not keep per-instance state
 * outside what they create here.
 */
@FunctionalInterface
public interface HttpRoutes {
  void mount(Router router);
}
