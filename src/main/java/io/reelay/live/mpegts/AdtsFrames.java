package io.reelay.live.mpegts;

import io.reelay.live.ingest.AccessUnit;
import io.reelay.live.ingest.AudioTrack;
import io.reelay.live.ingest.IngestSink;
import io.reelay.live.ingest.MediaKind;
import io.reelay.media.fmp4.AacConfig;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns AAC PES packets (ADTS, ISO 14496-3 1.A.2) into what RTMP ingest produces: raw AAC frames without their
 * 7-byte (9 with CRC) headers, and an {@link AudioTrack} whose AudioSpecificConfig is built from the header's
 * profile, sampling frequency index and channel configuration.
 *
 * <p>A PES usually holds several frames and carries one PTS, that of the first frame that starts in it (ISO
 * 13818-1 2.4.3.7); the frames after it are 1024 samples apart. A frame cut at the end of a PES is finished with
 * the start of the next one and keeps the earlier PES's clock. Bytes that are not an ADTS header are skipped.
 */
final class AdtsFrames implements PesListener {

  private static final int[] RATES = {96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000,
      11025, 8000, 7350};
  private static final int HEADER = 7;

  private static final Logger log = LoggerFactory.getLogger(AdtsFrames.class);

  private final IngestSink sink;
  private final TsCounters counters;
  private byte[] work = new byte[16 * 1024];
  private int held; // the start of a frame cut at the end of the last PES, kept at the start of work
  private int sentConfig = -1;
  private long base = NO_TIME; // the PTS the frames are counted from
  private long frames; // frames since base
  private boolean warnedBlocks;

  AdtsFrames(IngestSink sink, TsCounters counters) {
    this.sink = sink;
    this.counters = counters;
  }

  @Override
  public void pes(long pts, long dts, byte[] b, int from, int to) {
    int carried = held;
    int n = held + to - from;
    if (work.length < n) {
      work = Arrays.copyOf(work, Math.max(n, work.length * 2));
    }
    System.arraycopy(b, from, work, held, to - from);
    boolean clockPending = true;
    int i = 0;
    while (n - i >= HEADER) {
      if (!sync(i)) {
        i++;
        counters.skippedBytes++;
        continue;
      }
      int header = (work[i + 1] & 0x01) != 0 ? HEADER : HEADER + 2; // protection_absent, else a CRC follows
      int profile = (work[i + 2] & 0xc0) >> 6;
      int rateIndex = (work[i + 2] & 0x3c) >> 2;
      int channels = ((work[i + 2] & 0x01) << 2) | ((work[i + 3] & 0xc0) >> 6);
      int length = ((work[i + 3] & 0x03) << 11) | ((work[i + 4] & 0xff) << 3) | ((work[i + 5] & 0xe0) >> 5);
      if (rateIndex >= RATES.length || length < header) {
        i++; // a false syncword, or a damaged header
        counters.skippedBytes++;
        continue;
      }
      if (n - i < length) {
        break; // the rest of this frame comes with the next PES
      }
      if (clockPending && i >= carried) {
        clockPending = false; // the first frame that starts in this PES: its PTS applies from here
        if (pts != NO_TIME) {
          base = pts;
          frames = 0;
        }
      }
      frame(i, header, length, profile, rateIndex, channels);
      i += length;
    }
    if (clockPending && pts != NO_TIME && i >= carried && i < n) {
      base = pts; // the first frame starting in this PES is the one cut at its end: the PTS is its time
      frames = 0;
    }
    held = n - i;
    System.arraycopy(work, i, work, 0, held);
  }

  /** An ADTS syncword (12 ones) and layer 0 at {@code at}. */
  private boolean sync(int at) {
    return (work[at] & 0xff) == 0xff && (work[at + 1] & 0xf6) == 0xf0;
  }

  @Override
  public void discontinuity() {
    if (held > 0) {
      counters.unitsDropped++; // the rest of the frame that was cut is lost
      held = 0;
    }
  }

  private void frame(int at, int header, int length, int profile, int rateIndex, int channels) {
    if ((work[at + 6] & 0x03) != 0) { // number_of_raw_data_blocks_in_frame: several frames without their sizes
      counters.unitsDropped++;
      if (!warnedBlocks) {
        warnedBlocks = true;
        log.warn("mpeg-ts ADTS frames holding several raw data blocks are not supported; they are dropped");
      }
      return;
    }
    int config = ((profile + 1) << 11) | (rateIndex << 7) | (channels << 3); // object type = ADTS profile + 1
    if (config != sentConfig && !sendTrack(config)) {
      counters.unitsDropped++;
      return;
    }
    if (base == NO_TIME || length == header) {
      counters.unitsDropped++; // no clock yet, or an empty frame
      return;
    }
    long t = base + frames * AacConfig.FRAME_SAMPLES * AccessUnit.CLOCK_HZ / RATES[rateIndex];
    frames++;
    sink.unit(new AccessUnit(MediaKind.AUDIO, t, t, true, Arrays.copyOfRange(work, at + header, at + length)));
  }

  private boolean sendTrack(int config) {
    byte[] asc = {(byte) (config >> 8), (byte) config};
    try {
      AacConfig.parse(asc);
    } catch (RuntimeException e) {
      return false;
    }
    sentConfig = config;
    sink.audio(new AudioTrack(asc));
    return true;
  }
}
