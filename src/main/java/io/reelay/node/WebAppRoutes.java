package io.reelay.node;

import io.reelay.node.http.HttpRoutes;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * Serves the web app from {@code webroot/} on the classpath. GET and HEAD only, and never under
 * the JSON namespaces, so a wrong method or path there still gets a JSON 405 or 404.
 */
final class WebAppRoutes implements HttpRoutes {

  private static final String OUTSIDE_JSON_APIS = "^/(?!api/|ops/|metrics).*";

  @Override
  public void mount(Router router) {
    StaticHandler files = StaticHandler.create("webroot").setCachingEnabled(true).setIndexPage("index.html");
    // One route for both methods: with two, a GET the static handler passed on matched the HEAD route's
    // path and was answered 405 instead of 404.
    router.routeWithRegex(OUTSIDE_JSON_APIS).method(HttpMethod.GET).method(HttpMethod.HEAD).handler(files);
  }
}
