package io.reelay.live.mpegts;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the PAT and the PMT of the first program (ISO 13818-1 2.4.4.3, 2.4.4.8) and picks the elementary streams
 * Reelay ingests: the first H.264 and the first AAC-in-ADTS stream. Other streams (data, subtitles, a second
 * audio language) are ignored; AAC-LATM and HEVC are named in a one-time warning, since the publisher can fix them.
 */
final class ProgramTables {

  static final int NO_PID = -1;
  static final int TYPE_ADTS = 0x0F;
  static final int TYPE_H264 = 0x1B;
  private static final int TYPE_LATM = 0x11;
  private static final int TYPE_HEVC = 0x24;
  private static final int TABLE_PAT = 0x00;
  private static final int TABLE_PMT = 0x02;

  private static final Logger log = LoggerFactory.getLogger(ProgramTables.class);

  /** The elementary streams chosen from a PMT; {@link #NO_PID} where the program has none. */
  record Streams(int videoPid, int audioPid) {
    static final Streams NONE = new Streams(NO_PID, NO_PID);
  }

  private final TsCounters counters;
  private int program = -1;
  private int pmtPid = NO_PID;
  private int pmtVersion = -1;
  private Streams streams = Streams.NONE;
  private boolean warnedLatm;
  private boolean warnedHevc;

  ProgramTables(TsCounters counters) {
    this.counters = counters;
  }

  int pmtPid() {
    return pmtPid;
  }

  Streams streams() {
    return streams;
  }

  /** A PAT section (CRC checked): takes the first program's PMT PID. */
  void pat(byte[] b, int length) {
    if (b[0] != TABLE_PAT || !current(b)) {
      return;
    }
    for (int i = 8; i + 4 <= length - 4; i += 4) {
      int number = ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
      int pid = ((b[i + 2] & 0x1f) << 8) | (b[i + 3] & 0xff);
      if (number != 0) { // 0 is the network information table, not a program
        if (pid != pmtPid) {
          log.debug("mpeg-ts program {} has its PMT on PID {}", number, pid);
          program = number;
          pmtPid = pid;
          pmtVersion = -1;
        }
        return;
      }
    }
  }

  /**
   * A PMT section (CRC checked) on the PMT PID.
   *
   * @return true when the chosen streams changed (a new PMT version can move or replace them)
   */
  boolean pmt(byte[] b, int length) {
    if (b[0] != TABLE_PMT || !current(b) || (((b[3] & 0xff) << 8) | (b[4] & 0xff)) != program) {
      return false;
    }
    int version = (b[5] >> 1) & 0x1f;
    if (version == pmtVersion) {
      return false; // repeated every few hundred ms; parsed once per version
    }
    int infoLength = ((b[10] & 0x0f) << 8) | (b[11] & 0xff);
    int video = NO_PID;
    int audio = NO_PID;
    int end = length - 4;
    for (int i = 12 + infoLength; i + 5 <= end; ) {
      int type = b[i] & 0xff;
      int pid = ((b[i + 1] & 0x1f) << 8) | (b[i + 2] & 0xff);
      if (type == TYPE_H264 && video == NO_PID) {
        video = pid;
      } else if (type == TYPE_ADTS && audio == NO_PID) {
        audio = pid;
      } else if (type == TYPE_LATM && !warnedLatm) {
        warnedLatm = true;
        log.warn("mpeg-ts stream on PID {} is AAC in LATM, which is not supported; send AAC with ADTS", pid);
      } else if (type == TYPE_HEVC && !warnedHevc) {
        warnedHevc = true;
        log.warn("mpeg-ts stream on PID {} is HEVC, which is not supported; send H.264", pid);
      }
      i += 5 + (((b[i + 3] & 0x0f) << 8) | (b[i + 4] & 0xff));
    }
    pmtVersion = version;
    Streams chosen = new Streams(video, audio);
    if (chosen.equals(streams)) {
      return false;
    }
    log.debug("mpeg-ts PMT version {}: H.264 on PID {}, AAC on PID {}", version, video, audio);
    streams = chosen;
    return true;
  }

  /** Section syntax set and current_next_indicator 1: a table in force, not one announced for later. */
  private boolean current(byte[] b) {
    boolean ok = (b[1] & 0x80) != 0 && (b[5] & 0x01) != 0;
    if ((b[1] & 0x80) == 0) {
      counters.badSections++;
    }
    return ok;
  }
}
