package io.reelay.live.rtmp;

import java.util.List;
import java.util.Map;

/**
 * What a publisher says about its stream in onMetaData (sent as {@code @setDataFrame("onMetaData", {...})}). Kept
 * for the logs only: the segmenter reads the real configuration from the sequence headers.
 */
record StreamMetadata(int width, int height, double frameRate, int videoKbps, int audioKbps, String encoder) {

  /** The metadata in a data message's values, or null if it is another data message. */
  static StreamMetadata from(List<Object> values) {
    int i = !values.isEmpty() && "@setDataFrame".equals(values.get(0)) ? 1 : 0;
    if (values.size() < i + 2 || !"onMetaData".equals(values.get(i)) || !(values.get(i + 1) instanceof Map<?, ?> m)) {
      return null;
    }
    return new StreamMetadata((int) number(m, "width"), (int) number(m, "height"), number(m, "framerate"),
        (int) number(m, "videodatarate"), (int) number(m, "audiodatarate"),
        m.get("encoder") instanceof String s ? s : "");
  }

  private static double number(Map<?, ?> m, String key) {
    return m.get(key) instanceof Number n ? n.doubleValue() : 0;
  }

  @Override
  public String toString() {
    return width + "x" + height + " " + frameRate + " fps, video " + videoKbps + " kb/s, audio " + audioKbps
        + " kb/s, encoder '" + encoder + "'";
  }
}
