package io.reelay.live.mpegts;

import io.reelay.live.ingest.IngestSink;
import io.reelay.live.ingest.TimestampExtender;
import io.vertx.core.buffer.Buffer;

/**
 * Demuxes an MPEG transport stream (ISO 13818-1), as SRT ingest carries it, into the access units RTMP ingest
 * produces: H.264 as length-prefixed NAL units with a {@link io.reelay.live.ingest.VideoTrack}, AAC as raw frames
 * with an {@link io.reelay.live.ingest.AudioTrack}, 64-bit 90 kHz timestamps (PTS/DTS unwrapped past 2^33).
 *
 * <p>Push style: {@link #feed} takes chunks of any size, split anywhere, and calls the sink synchronously; the
 * caller applies the sink's backpressure. The first program of the PAT is read, and in it the first H.264 and the
 * first ADTS AAC stream; the first units wait (briefly) until both have their configuration, so the segmenter
 * starts with both tracks as it does for RTMP. Nothing the stream holds makes it throw: damage is skipped,
 * counted ({@link #stats}) and resynchronised. One caller at a time (the connection's context).
 *
 * <p>The PCR is not used: the segmenter times everything from PTS/DTS and paces by its own clock, so the
 * adaptation field is only read for its length and its discontinuity indicator.
 */
public final class TsDemuxer {

  private static final int PAT_PID = 0x0000;
  private static final int NULL_PID = 0x1FFF;

  private final TsCounters counters = new TsCounters();
  private final TimestampExtender clock = new TimestampExtender(33);
  private final PacketFramer framer = new PacketFramer(this::packet, counters);
  private final ProgramTables tables = new ProgramTables(counters);
  private final SectionReader pat = new SectionReader(tables::pat, counters);
  private final StartGate gate;
  private final AvcUnits video;
  private final AdtsFrames audio;
  private SectionReader pmt;
  private int pmtPid = ProgramTables.NO_PID;
  private int videoPid = ProgramTables.NO_PID;
  private int audioPid = ProgramTables.NO_PID;
  private PesAssembler videoPes;
  private PesAssembler audioPes;
  private byte[] chunk = new byte[7 * PacketFramer.SIZE];

  public TsDemuxer(IngestSink sink) {
    this.gate = new StartGate(sink);
    this.video = new AvcUnits(gate, counters);
    this.audio = new AdtsFrames(gate, counters);
  }

  /** The next bytes of the stream. */
  public void feed(Buffer bytes) {
    int n = bytes.length();
    if (chunk.length < n) {
      chunk = new byte[n];
    }
    bytes.getBytes(0, n, chunk, 0);
    feed(chunk, 0, n);
  }

  /** The next bytes of the stream: {@code length} bytes of {@code b} from {@code offset} (copied if kept). */
  public void feed(byte[] b, int offset, int length) {
    framer.feed(b, offset, length);
  }

  /**
   * The end of the stream: hands on the video access unit still open (video PES are unbounded, so the last one
   * ends only here). Does not end the sink; that is the caller's.
   */
  public void flush() {
    if (videoPes != null) {
      videoPes.flush();
    }
    if (audioPes != null) {
      audioPes.flush();
    }
    gate.release();
  }

  public TsStats stats() {
    return counters.snapshot();
  }

  private void packet(byte[] b, int at) {
    counters.packets++;
    int flags = b[at + 1] & 0xff;
    int pid = ((flags & 0x1f) << 8) | (b[at + 2] & 0xff);
    int control = b[at + 3] & 0xff;
    int adaptation = (control >> 4) & 0x03;
    if ((flags & 0x80) != 0 || (control & 0xc0) != 0 || adaptation == 0) {
      counters.badPackets++; // transport_error_indicator, scrambled, or the reserved adaptation_field_control
      return;
    }
    if (pid == NULL_PID) {
      return;
    }
    int payload = at + 4;
    boolean discontinuity = false;
    if ((adaptation & 0x02) != 0) {
      int length = b[at + 4] & 0xff;
      if (length > PacketFramer.SIZE - 5) {
        counters.badPackets++;
        return;
      }
      discontinuity = length > 0 && (b[at + 5] & 0x80) != 0;
      payload += 1 + length;
    }
    boolean hasPayload = (adaptation & 0x01) != 0;
    boolean unitStart = (flags & 0x40) != 0;
    int end = at + PacketFramer.SIZE;
    if (pid == videoPid) {
      videoPes.packet(b, payload, end, unitStart, control & 0x0f, hasPayload, discontinuity);
    } else if (pid == audioPid) {
      audioPes.packet(b, payload, end, unitStart, control & 0x0f, hasPayload, discontinuity);
    } else if (!hasPayload || payload >= end) {
      return;
    } else if (pid == PAT_PID) {
      pat.payload(b, payload, end, unitStart);
      if (tables.pmtPid() != pmtPid) {
        pmtPid = tables.pmtPid();
        pmt = new SectionReader(this::pmtSection, counters);
      }
    } else if (pid == pmtPid) {
      pmt.payload(b, payload, end, unitStart);
    }
  }

  private void pmtSection(byte[] b, int length) {
    if (!tables.pmt(b, length)) {
      return;
    }
    ProgramTables.Streams streams = tables.streams();
    if (streams.videoPid() != videoPid) {
      flushAndForget(videoPes);
      videoPid = streams.videoPid();
      videoPes = new PesAssembler(video, counters, clock);
    }
    if (streams.audioPid() != audioPid) {
      flushAndForget(audioPes);
      audioPid = streams.audioPid();
      audioPes = new PesAssembler(audio, counters, clock);
    }
    gate.expect(videoPid != ProgramTables.NO_PID, audioPid != ProgramTables.NO_PID);
  }

  /** A stream that the new PMT moved or removed: what it had in progress is handed on, then it is dropped. */
  private static void flushAndForget(PesAssembler pes) {
    if (pes != null) {
      pes.flush();
    }
  }
}
