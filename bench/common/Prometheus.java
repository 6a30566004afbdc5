import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Reads the node's Prometheus endpoint; shared by the load generators. */
public final class Prometheus {

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();
  private final String url;

  /** @param nodeUrl the node's base URL, e.g. http://127.0.0.1:8080 */
  public Prometheus(String nodeUrl) {
    this.url = nodeUrl + "/metrics";
  }

  /** The whole exposition text, or "" when the node does not answer. */
  public String scrape() {
    try {
      return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
          HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException | InterruptedException e) {
      return "";
    }
  }

  /** Sum of the series of {@code name} whose labels contain {@code label} (empty: all). */
  public static double value(String scrape, String name, String label) {
    double sum = 0;
    for (String line : scrape.split("\n")) {
      if (line.startsWith(name) && line.length() > name.length()
          && (line.charAt(name.length()) == ' ' || line.charAt(name.length()) == '{') && line.contains(label)) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }
}
