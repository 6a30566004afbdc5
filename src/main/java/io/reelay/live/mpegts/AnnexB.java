package io.reelay.live.mpegts;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds the NAL units of an H.264 byte stream (ISO 14496-10 Annex B): each follows a 00 00 01 start code, and a
 * 4-byte start code is a 3-byte one after a zero byte. Trailing zero bytes belong to no NAL unit (a NAL unit never
 * ends in 0x00), so they are trimmed. The offsets are kept in arrays reused from one access unit to the next.
 */
public final class AnnexB {

  public static final int SPS = 7;
  public static final int PPS = 8;
  static final int AUD = 9;

  private int[] starts = new int[16];
  private int[] ends = new int[16];
  private int count;

  /** Splits {@code b[from, to)}; bytes before the first start code are not part of any NAL unit. */
  public void split(byte[] b, int from, int to) {
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

  public int count() {
    return count;
  }

  public int start(int index) {
    return starts[index];
  }

  public int end(int index) {
    return ends[index];
  }

  /**
   * The NAL units last split from {@code b}, each after its 4-byte big-endian length (as {@code AccessUnit} holds
   * them), leaving out parameter sets and access unit delimiters: MP4 carries those in the init segment or not at
   * all. Empty when only those were there.
   */
  public byte[] lengthPrefixedWithoutConfig(byte[] b) {
    int size = 0;
    for (int i = 0; i < count; i++) {
      size += isConfig(b[starts[i]]) ? 0 : 4 + ends[i] - starts[i];
    }
    byte[] data = new byte[size];
    int at = 0;
    for (int i = 0; i < count; i++) {
      int s = starts[i];
      if (isConfig(b[s])) {
        continue;
      }
      int n = ends[i] - s;
      data[at] = (byte) (n >>> 24);
      data[at + 1] = (byte) (n >>> 16);
      data[at + 2] = (byte) (n >>> 8);
      data[at + 3] = (byte) n;
      System.arraycopy(b, s, data, at + 4, n);
      at += 4 + n;
    }
    return data;
  }

  /** The NAL units of {@code type} (header byte included) last split from {@code b}. */
  public List<byte[]> ofType(byte[] b, int type) {
    List<byte[]> found = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      if ((b[starts[i]] & 0x1f) == type) {
        found.add(Arrays.copyOfRange(b, starts[i], ends[i]));
      }
    }
    return found;
  }

  /** SPS, PPS or access unit delimiter. */
  private static boolean isConfig(byte header) {
    int type = header & 0x1f;
    return type == SPS || type == PPS || type == AUD;
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
