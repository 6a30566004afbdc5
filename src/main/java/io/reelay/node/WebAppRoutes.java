package io.reelay.node;

import io.reelay.node.http.HttpRoutes;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;

/**
 * Serves the web app from {@code webroot/} on the classpath, and its vendored libraries (WebJars on the
 * classpath, e.g. hls.js) under {@code /vendor/} by a version-free name. GET and HEAD only, and never under
 * the JSON namespaces, so a wrong method or path there still gets a JSON 405 or 404.
 */
final class WebAppRoutes implements HttpRoutes {

  private static final String OUTSIDE_JSON_APIS = "^/(?!api/|ops/|metrics).*";

  /**
   * Version-free name under /vendor/ → (WebJar artifact, path inside its versioned directory). The app uses
   * hls.js's light build (no subtitles, alternate audio, DRM or CMCD, which Reelay's playlists never use): 30 % less
   * to fetch and compile before the first frame.
   */
  private static final Map<String, String[]> VENDOR = Map.of(
      "hls.min.js", new String[] {"hls.js", "dist/hls.min.js"},
      "hls.light.min.js", new String[] {"hls.js", "dist/hls.light.min.js"});

  @Override
  public void mount(Router router) {
    for (Map.Entry<String, String[]> e : VENDOR.entrySet()) {
      Buffer body = webJarFile(e.getValue()[0], e.getValue()[1]);
      if (body == null) {
        continue;
      }
      VendorFile file = VendorFile.of(body);
      router.route("/vendor/" + e.getKey()).method(HttpMethod.GET).method(HttpMethod.HEAD).handler(file::serve);
    }
    StaticHandler files = StaticHandler.create("webroot").setCachingEnabled(true).setIndexPage("index.html");
    // One route for both methods: with two, a GET the static handler passed on matched the HEAD route's
    // path and was answered 405 instead of 404.
    router.routeWithRegex(OUTSIDE_JSON_APIS).method(HttpMethod.GET).method(HttpMethod.HEAD).handler(files);
  }

  /** A file of an org.webjars.npm WebJar on the classpath, whatever its version; null when absent. */
  private static Buffer webJarFile(String artifact, String path) {
    ClassLoader loader = WebAppRoutes.class.getClassLoader();
    try (InputStream props = loader.getResourceAsStream("META-INF/maven/org.webjars.npm/" + artifact + "/pom.properties")) {
      if (props == null) {
        return null;
      }
      Properties p = new Properties();
      p.load(props);
      try (InputStream in = loader.getResourceAsStream(
          "META-INF/resources/webjars/" + artifact + "/" + p.getProperty("version") + "/" + path)) {
        return in == null ? null : Buffer.buffer(in.readAllBytes());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
