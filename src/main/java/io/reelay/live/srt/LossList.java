package io.reelay.live.srt;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The loss list of a NAK (and the two sequence numbers of a drop request): a single lost packet is one word; a
 * run is its first sequence number with the top bit set, then its last.
 */
final class LossList {

  /** Inclusive range of sequence numbers, {@code from} ≤ {@code to} on the circle. */
  record Range(int from, int to) {

    int size() {
      return SeqNo.diff(to, from) + 1;
    }
  }

  private LossList() {}

  static Buffer encode(List<Range> ranges) {
    Buffer b = Buffer.buffer(ranges.size() * 8);
    for (Range r : ranges) {
      if (r.from() == r.to()) {
        b.appendInt(r.from());
      } else {
        b.appendInt(r.from() | 0x8000_0000).appendInt(r.to());
      }
    }
    return b;
  }

  static List<Range> decode(Buffer cif) {
    List<Range> ranges = new ArrayList<>();
    for (int i = 0; i + 4 <= cif.length(); i += 4) {
      int w = cif.getInt(i);
      if (w < 0) {
        if (i + 8 > cif.length()) {
          throw new SrtProtocolException("loss range without its end");
        }
        i += 4;
        ranges.add(new Range(w & SeqNo.MASK, cif.getInt(i) & SeqNo.MASK));
      } else {
        ranges.add(new Range(w, w));
      }
    }
    return ranges;
  }
}
