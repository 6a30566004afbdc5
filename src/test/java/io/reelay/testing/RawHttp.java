package io.reelay.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * HTTP/1.1 over a plain socket, one request per connection, for tests that need what ordinary clients hide:
 * exact headers, chunked bodies with trailers, and connections cut in the middle of a body.
 */
public final class RawHttp {

  public record Response(int status, Map<String, String> headers, String body) {
    /** Header value by case-insensitive name, or null. */
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private final String host;
  private final int port;

  public RawHttp(String baseUrl) {
    URI uri = URI.create(baseUrl);
    this.host = uri.getHost();
    this.port = uri.getPort();
  }

  /** Headers in order; a null body sends none (and no Content-Length unless given). */
  public static Map<String, String> headers(String... pairs) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return map;
  }

  public Response send(String method, String path, Map<String, String> headers, byte[] body) {
    Map<String, String> all = new LinkedHashMap<>(headers);
    if (body != null) {
      all.putIfAbsent("Content-Length", Integer.toString(body.length));
    }
    try (Socket socket = open()) {
      OutputStream out = socket.getOutputStream();
      out.write(head(method, path, all));
      if (body != null) {
        out.write(body);
      }
      out.flush();
      return read(socket.getInputStream(), method.equals("HEAD"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A chunked body in one chunk, followed by the given trailer fields. */
  public Response sendChunkedWithTrailers(String method, String path, Map<String, String> headers, byte[] body,
      Map<String, String> trailers) {
    Map<String, String> all = new LinkedHashMap<>(headers);
    all.put("Transfer-Encoding", "chunked");
    try (Socket socket = open()) {
      OutputStream out = socket.getOutputStream();
      out.write(head(method, path, all));
      out.write((Integer.toHexString(body.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      StringBuilder end = new StringBuilder("\r\n0\r\n");
      trailers.forEach((k, v) -> end.append(k).append(": ").append(v).append("\r\n"));
      end.append("\r\n");
      out.write(end.toString().getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return read(socket.getInputStream(), false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Sends the head announcing {@code declaredLength} body bytes, then only {@code sent}, waits a moment for them
   * to arrive, and resets the connection: a client that vanished mid-upload.
   */
  public void sendAndCut(String method, String path, Map<String, String> headers, long declaredLength, byte[] sent) {
    Map<String, String> all = new LinkedHashMap<>(headers);
    all.put("Content-Length", Long.toString(declaredLength));
    try (Socket socket = open()) {
      OutputStream out = socket.getOutputStream();
      out.write(head(method, path, all));
      out.write(sent);
      out.flush();
      Thread.sleep(300);
      socket.setSoLinger(true, 0); // RST on close, like a dropped network
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Opens a request and leaves it unfinished; the caller writes (or not) and closes the socket. */
  public Socket begin(String method, String path, Map<String, String> headers) {
    try {
      Socket socket = open();
      socket.getOutputStream().write(head(method, path, headers));
      socket.getOutputStream().flush();
      return socket;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads the response of a request begun with {@link #begin}. */
  public static Response finish(Socket socket) {
    try (socket) {
      return read(socket.getInputStream(), false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Socket open() throws IOException {
    Socket socket = new Socket(host, port);
    socket.setSoTimeout(30_000);
    return socket;
  }

  private byte[] head(String method, String path, Map<String, String> headers) {
    StringBuilder b = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n");
    b.append("Host: ").append(host).append(':').append(port).append("\r\n");
    b.append("Connection: close\r\n");
    headers.forEach((k, v) -> b.append(k).append(": ").append(v).append("\r\n"));
    b.append("\r\n");
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static Response read(InputStream in, boolean headOnly) throws IOException {
    String statusLine = line(in);
    if (statusLine == null) {
      throw new IOException("connection closed before a response");
    }
    int status = Integer.parseInt(statusLine.split(" ")[1]);
    Map<String, String> headers = new TreeMap<>();
    for (String line = line(in); line != null && !line.isEmpty(); line = line(in)) {
      int colon = line.indexOf(':');
      headers.merge(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim(),
          (a, b) -> a + ", " + b);
    }
    String body = "";
    if (!headOnly && status != 204 && status != 304) {
      String length = headers.get("content-length");
      body = new String(length != null ? in.readNBytes(Integer.parseInt(length)) : in.readAllBytes(),
          StandardCharsets.UTF_8);
    }
    return new Response(status, headers, body);
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') {
        String s = buf.toString(StandardCharsets.UTF_8);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
      }
      buf.write(c);
    }
    return buf.size() == 0 ? null : buf.toString(StandardCharsets.UTF_8);
  }
}
