package io.reelay.live.hls;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * A finished media segment. Its bytes are its parts' bytes one after the other, so it holds no copy of its own:
 * serve or store it by writing {@link #parts()} in order.
 *
 * @param duration 90 kHz ticks, from its first frame to the end of its last (following the frames' timestamps)
 * @param forced it ended at the duration cap with no keyframe to cut at, so the next one starts without one
 */
public record Segment(SegmentStart start, long duration, boolean forced, List<Part> parts) {

  public Segment {
    parts = List.copyOf(parts);
  }

  public long msn() {
    return start.msn();
  }

  public double seconds() {
    return duration / 90_000.0;
  }

  /** Size in bytes. */
  public long length() {
    long n = 0;
    for (Part p : parts) {
      n += p.media().length();
    }
    return n;
  }

  public void writeTo(OutputStream out) throws IOException {
    for (Part p : parts) {
      out.write(p.media().array(), p.media().offset(), p.media().length());
    }
  }

  /** A copy of the whole segment in one array (for tests and small tools; serving should use the parts). */
  public byte[] toByteArray() {
    byte[] all = new byte[Math.toIntExact(length())];
    int pos = 0;
    for (Part p : parts) {
      MediaSlice m = p.media();
      System.arraycopy(m.array(), m.offset(), all, pos, m.length());
      pos += m.length();
    }
    return all;
  }
}
