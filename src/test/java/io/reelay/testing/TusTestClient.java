package io.reelay.testing;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** tus requests spelled out with {@link RawHttp}, for protocol-level tests. */
public final class TusTestClient {

  public static final String OCTETS = "application/offset+octet-stream";

  private final RawHttp http;
  private final String token;

  public TusTestClient(String baseUrl, String token) {
    this.http = new RawHttp(baseUrl);
    this.token = token;
  }

  public RawHttp raw() {
    return http;
  }

  /** Standard headers (Tus-Resumable, Authorization) plus the given pairs. */
  public Map<String, String> headers(String... pairs) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Tus-Resumable", "1.0.0");
    if (token != null) {
      h.put("Authorization", "Bearer " + token);
    }
    h.putAll(RawHttp.headers(pairs));
    return h;
  }

  public RawHttp.Response create(long length, String title) {
    return http.send("POST", "/files/", headers("Upload-Length", Long.toString(length),
        "Upload-Metadata", metadata("filename", title + ".mp4", "title", title)), null);
  }

  /** Creates an upload and returns its path ({@code /files/<id>}); fails the test unless 201. */
  public String createPath(long length, String title) {
    RawHttp.Response r = create(length, title);
    if (r.status() != 201) {
      throw new AssertionError("create failed: " + r.status() + " " + r.body());
    }
    return r.header("Location");
  }

  public RawHttp.Response head(String path) {
    return http.send("HEAD", path, headers(), null);
  }

  public RawHttp.Response patch(String path, long offset, byte[] bytes, String... extraHeaders) {
    Map<String, String> h = headers("Upload-Offset", Long.toString(offset), "Content-Type", OCTETS);
    h.putAll(RawHttp.headers(extraHeaders));
    return http.send("PATCH", path, h, bytes);
  }

  public RawHttp.Response delete(String path) {
    return http.send("DELETE", path, headers(), null);
  }

  public static String metadata(String... pairs) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < pairs.length; i += 2) {
      if (b.length() > 0) {
        b.append(',');
      }
      b.append(pairs[i]).append(' ')
          .append(Base64.getEncoder().encodeToString(pairs[i + 1].getBytes(StandardCharsets.UTF_8)));
    }
    return b.toString();
  }

  public static String id(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
