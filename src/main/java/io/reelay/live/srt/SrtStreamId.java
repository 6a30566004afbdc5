package io.reelay.live.srt;

import java.util.regex.Pattern;

/**
 * What a caller asks for in its stream id: to publish the stream of {@code key}. Two spellings:
 * {@code publish:{key}} (as MediaMTX), and SRT's access-control syntax {@code #!::r=live/{key},m=publish} (other
 * keys such as {@code u=} are ignored; {@code m} defaults to {@code request}, i.e. play, which we refuse).
 *
 * @param raw the stream id as sent (it contains the secret key: do not log it)
 */
public record SrtStreamId(String key, String raw) {

  /** libsrt's limit on the stream id. */
  static final int MAX_LENGTH = 512;
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._~-]{1,256}");

  public static SrtStreamId parse(String sid) {
    if (sid == null || sid.isEmpty()) {
      throw new SrtRejected(SrtRejected.BAD_REQUEST, "no stream id: use streamid=publish:{key}");
    }
    if (sid.length() > MAX_LENGTH) {
      throw new SrtRejected(SrtRejected.BAD_REQUEST, "stream id too long");
    }
    if (sid.startsWith("publish:")) {
      return new SrtStreamId(checked(sid.substring("publish:".length())), sid);
    }
    if (sid.startsWith("#!::")) {
      String resource = null;
      String mode = "request";
      for (String pair : sid.substring(4).split(",")) {
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          throw new SrtRejected(SrtRejected.BAD_REQUEST, "stream id: '" + pair + "' is not key=value");
        }
        String name = pair.substring(0, eq);
        if (name.equals("r")) {
          resource = pair.substring(eq + 1);
        } else if (name.equals("m")) {
          mode = pair.substring(eq + 1);
        }
      }
      if (!mode.equals("publish")) {
        throw new SrtRejected(SrtRejected.BAD_MODE, "this server takes publishers only (m=publish), not m=" + mode);
      }
      if (resource == null) {
        throw new SrtRejected(SrtRejected.BAD_REQUEST, "stream id without r=live/{key}");
      }
      return new SrtStreamId(checked(resource.startsWith("live/") ? resource.substring(5) : resource), sid);
    }
    if (sid.startsWith("play:") || sid.startsWith("read:")) {
      throw new SrtRejected(SrtRejected.BAD_MODE, "this server takes publishers only: use publish:{key}");
    }
    throw new SrtRejected(SrtRejected.BAD_REQUEST, "unknown stream id: use publish:{key} or #!::r=live/{key},m=publish");
  }

  private static String checked(String key) {
    if (!KEY.matcher(key).matches()) {
      throw new SrtRejected(SrtRejected.BAD_REQUEST, key.isEmpty() ? "no stream key" : "malformed stream key");
    }
    return key;
  }

  /** The key as logs may show it: the first characters only. */
  public String maskedKey() {
    return key.length() <= 4 ? "****" : key.substring(0, 4) + "****"; // as the RTMP logs
  }

  @Override
  public String toString() {
    return "SrtStreamId[" + maskedKey() + "]";
  }
}
