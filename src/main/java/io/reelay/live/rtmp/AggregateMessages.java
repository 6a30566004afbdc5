package io.reelay.live.rtmp;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits an aggregate message (type 22, RTMP spec 7.1.6): FLV tags back to back, each followed by its 4-byte
 * back pointer. Sub-message timestamps keep their offsets from the first tag, rebased onto the aggregate's own.
 * FFmpeg and OBS never send them; some media servers relaying to us do.
 */
final class AggregateMessages {

  static final int TYPE = 22;
  private static final int TAG_HEADER = 11;

  private AggregateMessages() {
  }

  static List<RtmpMessage> split(RtmpMessage aggregate) {
    Buffer p = aggregate.payload();
    List<RtmpMessage> messages = new ArrayList<>();
    long first = -1;
    int pos = 0;
    while (pos < p.length()) {
      if (p.length() - pos < TAG_HEADER) {
        throw new RtmpProtocolException("aggregate message: truncated tag header");
      }
      int type = p.getUnsignedByte(pos);
      int size = p.getUnsignedMedium(pos + 1);
      long ts = p.getUnsignedMedium(pos + 4) | (long) p.getUnsignedByte(pos + 7) << 24;
      int start = pos + TAG_HEADER;
      if (size > p.length() - start - 4) {
        throw new RtmpProtocolException("aggregate message: tag of " + size + " bytes overruns the message");
      }
      first = first < 0 ? ts : first;
      long timestamp = (aggregate.timestamp() + ts - first) & 0xFFFFFFFFL;
      messages.add(new RtmpMessage(type, aggregate.streamId(), timestamp, p.slice(start, start + size)));
      pos = start + size + 4;
    }
    return messages;
  }
}
