package io.reelay.node;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The node's public endpoints with their real ports (after port 0 was resolved), and whether each
 * is served yet. Printed at start-up and reported by {@code /ops/health}.
 */
public record NodeEndpoints(String host, int httpPort, int rtmpPort, boolean rtmpServed, int srtPort, boolean srtServed) {

  public String httpUrl() {
    return "http://" + host + ":" + httpPort;
  }

  public List<String> describe() {
    return List.of(
        "  http  " + httpUrl() + "/  (API, WebSocket, HLS, web app)",
        "  rtmp  rtmp://" + host + ":" + rtmpPort + "/live/{streamKey}" + (rtmpServed ? "" : "  (not built yet)"),
        "  srt   srt://" + host + ":" + srtPort + "?streamid=publish:{streamKey}" + (srtServed ? "" : "  (not built yet)"));
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("http", new JsonObject().put("port", httpPort).put("url", httpUrl()).put("served", true))
        .put("rtmp", new JsonObject().put("port", rtmpPort).put("served", rtmpServed))
        .put("srt", new JsonObject().put("port", srtPort).put("served", srtServed));
  }
}
