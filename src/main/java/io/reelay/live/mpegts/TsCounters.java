package io.reelay.live.mpegts;

/** The running counts behind {@link TsStats}, shared by the parts of one demuxer (one thread, no locking). */
final class TsCounters {
  long packets;
  long resyncs;
  long skippedBytes;
  long badPackets;
  long badSections;
  long continuityErrors;
  long duplicatePackets;
  long pesDropped;
  long unitsDropped;

  TsStats snapshot() {
    return new TsStats(packets, resyncs, skippedBytes, badPackets, badSections, continuityErrors, duplicatePackets,
        pesDropped, unitsDropped);
  }
}
