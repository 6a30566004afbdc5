package io.reelay.live.mpegts;

/** Receives the PES packets of one elementary stream, in order. */
interface PesListener {

  /** Marks a PES without a PTS (or DTS). */
  long NO_TIME = Long.MIN_VALUE;

  /**
   * One whole PES packet's payload: bytes {@code from} to {@code to} of {@code b}, valid only during the call.
   *
   * @param pts 64-bit 90 kHz presentation time, or {@link #NO_TIME}
   * @param dts 64-bit 90 kHz decode time; equal to {@code pts} when the PES carries none
   */
  void pes(long pts, long dts, byte[] b, int from, int to);

  /** Data was lost before the next PES: anything carried over from the previous one must be dropped. */
  void discontinuity();
}
