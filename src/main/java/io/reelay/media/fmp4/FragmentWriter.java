package io.reelay.media.fmp4;

/**
 * Writes one movie fragment ({@code moof} + {@code mdat}, ISO 14496-12 8.8) from the first samples of up to two
 * tracks: the bytes of one LL-HLS part. The fragment is sized before writing, and the sample bytes are copied
 * once, straight into its array (or the run of a live stream's slab it goes to).
 */
public final class FragmentWriter {

  private static final int TRUN_DATA_OFFSET = 0x000001;
  private static final int TRUN_DURATION = 0x000100;
  private static final int TRUN_SIZE = 0x000200;
  private static final int TRUN_FLAGS = 0x000400;
  private static final int TRUN_CTO = 0x000800;
  private static final int TFHD_DEFAULT_BASE_IS_MOOF = 0x020000;
  /** sample_depends_on = 2 (an I picture): decodable alone. */
  private static final int SYNC_FLAGS = 0x02000000;
  /** sample_depends_on = 1, sample_is_non_sync_sample. */
  private static final int NON_SYNC_FLAGS = 0x01010000;

  private FragmentWriter() {
  }

  /**
   * @param sequence the mfhd sequence number: increasing by one per fragment of the stream
   * @param a the first track's queue (or null), of which the first {@code na} samples go in
   * @param b the second track's queue (or null), of which the first {@code nb} samples go in
   */
  public static byte[] write(int sequence, SampleQueue a, int na, SampleQueue b, int nb) {
    byte[] bytes = new byte[size(a, na, b, nb)];
    write(sequence, a, na, b, nb, bytes, 0);
    return bytes;
  }

  /** The size of the fragment {@link #write} makes of the same samples. */
  public static int size(SampleQueue a, int na, SampleQueue b, int nb) {
    long size = moofSize(a, na, b, nb) + 8 + payload(a, na) + payload(b, nb);
    if (size > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("fragment over 2 GB");
    }
    return (int) size;
  }

  /** Writes the fragment into {@code into} from {@code offset}, where {@link #size} bytes must be free. */
  public static void write(int sequence, SampleQueue a, int na, SampleQueue b, int nb, byte[] into, int offset) {
    int size = size(a, na, b, nb);
    na = a == null ? 0 : na;
    nb = b == null ? 0 : nb;
    int moof = moofSize(a, na, b, nb);
    int payloadA = (int) payload(a, na);
    BoxWriter w = new BoxWriter(into, offset, size);
    w.begin("moof");
    w.beginFull("mfhd", 0, 0).u32(sequence).end();
    if (na > 0) {
      traf(w, a, na, moof + 8);
    }
    if (nb > 0) {
      traf(w, b, nb, moof + 8 + payloadA);
    }
    w.end();
    w.u32(size - moof).fourcc("mdat");
    copy(w, a, na);
    copy(w, b, nb);
  }

  private static int moofSize(SampleQueue a, int na, SampleQueue b, int nb) {
    return 8 + 16 + (a != null && na > 0 ? trafSize(a, na) : 0) + (b != null && nb > 0 ? trafSize(b, nb) : 0);
  }

  private static int trafSize(SampleQueue q, int n) {
    int perSample = q.video() ? 16 : 8;
    return 8 + 16 + 20 + 20 + n * perSample;
  }

  private static long payload(SampleQueue q, int n) {
    if (q == null) {
      return 0;
    }
    long total = 0;
    for (int i = 0; i < n; i++) {
      total += q.data(i).length;
    }
    return total;
  }

  private static void traf(BoxWriter w, SampleQueue q, int n, int dataOffset) {
    boolean video = q.video();
    w.begin("traf");
    w.beginFull("tfhd", 0, TFHD_DEFAULT_BASE_IS_MOOF).u32(q.trackId()).end();
    w.beginFull("tfdt", 1, 0).u64(q.time(0)).end();
    int flags = TRUN_DATA_OFFSET | TRUN_DURATION | TRUN_SIZE | (video ? TRUN_FLAGS | TRUN_CTO : 0);
    w.beginFull("trun", 1, flags).u32(n).u32(dataOffset);
    for (int i = 0; i < n; i++) {
      w.u32(q.duration(i)).u32(q.data(i).length);
      if (video) {
        w.u32(q.sync(i) ? SYNC_FLAGS : NON_SYNC_FLAGS).u32(q.compositionOffset(i));
      }
    }
    w.end().end();
  }

  private static void copy(BoxWriter w, SampleQueue q, int n) {
    for (int i = 0; i < n; i++) {
      w.bytes(q.data(i));
    }
  }
}
