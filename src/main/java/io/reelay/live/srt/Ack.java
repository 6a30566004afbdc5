package io.reelay.live.srt;

import io.vertx.core.buffer.Buffer;

/**
 * An ACK: every packet before {@code nextSeq} arrived (or was given up). A full ACK (numbered from 1, answered by
 * an ACKACK that measures the RTT) carries the receiver's view of the link; a light ACK (number 0) only the sequence.
 *
 * @param ackNo full ACK number, 0 for a light ACK
 * @param rtt, rttVar microseconds
 * @param available free space of the receive buffer, packets: the sender's flow window
 * @param packetRate packets per second received; {@code capacity} the estimated link capacity in packets per second
 * @param byteRate bytes per second received
 */
record Ack(int ackNo, int nextSeq, int rtt, int rttVar, int available, int packetRate, int capacity, int byteRate) {

  static final int FULL_CIF = 28;

  static Ack light(int nextSeq) {
    return new Ack(0, nextSeq, 0, 0, 0, 0, 0, 0);
  }

  boolean isLight() {
    return ackNo == 0;
  }

  ControlPacket packet(int timestamp, int destSocket) {
    Buffer cif = Buffer.buffer(FULL_CIF).appendInt(nextSeq);
    if (!isLight()) {
      cif.appendInt(rtt).appendInt(rttVar).appendInt(available).appendInt(packetRate).appendInt(capacity)
          .appendInt(byteRate);
    }
    return new ControlPacket(ControlPacket.ACK, ackNo, timestamp, destSocket, cif);
  }

  /** Reads a light (4-byte), small (16) or full (28) ACK; missing fields are 0. */
  static Ack decode(ControlPacket p) {
    Buffer c = p.cif();
    if (c.length() < 4) {
      throw new SrtProtocolException("ACK without a sequence number");
    }
    int[] f = new int[7];
    for (int i = 0; i < 7 && i * 4 + 4 <= c.length(); i++) {
      f[i] = c.getInt(i * 4);
    }
    return new Ack(c.length() == 4 ? 0 : p.typeInfo(), f[0] & SeqNo.MASK, f[1], f[2], f[3], f[4], f[5], f[6]);
  }
}
