package io.reelay.live.srt;

import java.time.Instant;

/**
 * One connection at one moment, for metrics and the ops API. Counters run from the start of the connection.
 *
 * @param socketId our SRT socket id of the connection
 * @param maskedKey the stream key, masked as in logs
 * @param latencyMillis the negotiated TSBPD latency
 * @param rttMillis, rttVarMillis the smoothed round-trip time and its variation (ACK/ACKACK)
 * @param packetsReceived data packets received, duplicates and retransmissions included
 * @param packetsLost sequence numbers found missing on arrival (each once, even if repaired later)
 * @param packetsRetransmitted packets that arrived with the retransmitted flag
 * @param packetsDropped packets given up: not repaired before their delivery time (or dropped by the sender)
 * @param packetsDiscarded packets thrown away on arrival: duplicates, too late, beyond the window, over the bound
 * @param bytesReceived payload bytes received
 * @param bitrate payload bits per second over the last second or so
 * @param bufferedPackets packets held now (waiting for delivery or for a hole before them)
 */
public record SrtConnectionStats(int socketId, String remote, String maskedKey, Instant connectedAt,
    int latencyMillis, double rttMillis, double rttVarMillis, long packetsReceived, long packetsLost,
    long packetsRetransmitted, long packetsDropped, long packetsDiscarded, long bytesReceived, long bitrate,
    int bufferedPackets) {
}
