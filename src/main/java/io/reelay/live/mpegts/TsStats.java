package io.reelay.live.mpegts;

/**
 * What a {@link TsDemuxer} skipped or lost so far: a healthy SRT stream keeps every count at zero, and a rising one
 * says where the damage is (the network, the encoder, or the wrong input entirely).
 *
 * @param packets 188-byte packets read
 * @param resyncs times the sync byte was lost and found again
 * @param skippedBytes bytes thrown away while looking for sync
 * @param badPackets packets flagged as corrupt by the sender (transport_error_indicator), scrambled, or malformed
 * @param badSections PAT/PMT sections failing their CRC or malformed
 * @param continuityErrors continuity counter gaps: packets lost on the way
 * @param duplicatePackets repeated packets (same continuity counter), ignored as ISO 13818-1 says
 * @param pesDropped PES packets discarded: cut by a continuity gap, truncated, or with a broken header
 * @param unitsDropped access units or ADTS frames not emitted: video before its first SPS/PPS, audio before its
 *     first PTS, ADTS frames that do not parse
 */
public record TsStats(long packets, long resyncs, long skippedBytes, long badPackets, long badSections,
    long continuityErrors, long duplicatePackets, long pesDropped, long unitsDropped) {
}
