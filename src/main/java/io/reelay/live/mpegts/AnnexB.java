package io.reelay.live.mpegts;

import java.util.Arrays;

/**
 * Finds the NAL units of an H.264 byte stream (ISO 14496-10 Annex B): each follows a 00 00 01 start code, and a
 * 4-byte start code is a 3-byte one after a zero byte. Trailing zero bytes belong to no NAL unit (a NAL unit never
 * ends in 0x00), so they are trimmed. The offsets are kept in arrays reused from one access unit to the next.
 */
final class AnnexB {

  private int[] starts = new int[16];
  private int[] ends = new int[16];
  private int count;

  /** Splits {@code b[from, to)}; bytes before the first start code are not part of any NAL unit. */
  void split(byte[] b, int from, int to) {
    count = 0;
    int nal = -1;
    int i = from;
    while (i + 2 < to) {
      if ((b[i + 2] & 0xff) > 1) {
        i += 3; // no start code can overlap these three bytes
      } else if (b[i] == 0 && b[i + 1] == 0 && b[i + 2] == 1) {
        if (nal >= 0) {
          add(b, nal, i);
        }
        nal = i + 3;
        i += 3;
      } else {
        i++;
      }
    }
    if (nal >= 0) {
      add(b, nal, to);
    }
  }

  int count() {
    return count;
  }

  int start(int index) {
    return starts[index];
  }

  int end(int index) {
    return ends[index];
  }

  private void add(byte[] b, int start, int end) {
    int e = end;
    while (e > start && b[e - 1] == 0) {
      e--;
    }
    if (e == start) {
      return;
    }
    if (count == starts.length) {
      starts = Arrays.copyOf(starts, count * 2);
      ends = Arrays.copyOf(ends, count * 2);
    }
    starts[count] = start;
    ends[count] = e;
    count++;
  }
}
