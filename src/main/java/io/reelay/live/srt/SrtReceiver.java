package io.reelay.live.srt;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The receiving half of one SRT connection, without any I/O: data packets in, ACK/NAK/keepalive out, messages out
 * in order at their TSBPD time. Time is passed in (local microseconds), so it is tested with a made-up clock.
 *
 * <ul>
 *   <li>Loss: a sequence number jumping ahead is NAKed at once; what is still missing is NAKed again every
 *       {@code max(20 ms, (RTT + 4·RTTVar)/2)}.
 *   <li>ACK: a full ACK every 10 ms (while there is something new to acknowledge, or the last one was not
 *       answered), whose ACKACK gives the RTT; a light ACK every 64 packets in between.
 *   <li>Too-late drop: a hole whose next packet is due is given up, so one loss never stalls the stream.
 * </ul>
 */
final class SrtReceiver {

  /** Where the receiver's packets and messages go. */
  interface Output {

    void send(ControlPacket packet);

    void deliver(Buffer message);

    /** A message was delivered at its TSBPD time, {@code micros} after it was due (tick granularity, a busy loop). */
    default void lateness(long micros) {}
  }

  static final long ACK_INTERVAL = 10_000;
  static final long MIN_NAK_INTERVAL = 20_000;
  static final long KEEPALIVE_INTERVAL = 1_000_000;
  static final int LIGHT_ACK_PACKETS = 64;
  /** Loss list words per NAK: what fits a 1500-byte MTU with room to spare. */
  static final int MAX_NAK_WORDS = 300;
  /** A message longer than this many packets is not live video; its packets are dropped. */
  static final int MAX_MESSAGE_PACKETS = 4096;
  private static final int ACK_HISTORY = 1024;

  private final int peerSocket;
  private final long start;
  private final TsbpdClock clock;
  private final ByteBudget budget;
  private final Output out;
  private final ReceiveBuffer buf;
  private final RttEstimator rtt = new RttEstimator();

  /** Slots from the buffer's base that are settled (arrived or dropped by the sender): the ACK point. */
  private int contiguous;
  private int ackNo;
  private final int[] sentAckNos = new int[ACK_HISTORY];
  private final int[] sentAckSeqs = new int[ACK_HISTORY];
  private final long[] sentAckTimes = new long[ACK_HISTORY];
  private int lastAckSent;
  private int lastFullAckSent;
  private long lastFullAckTime;
  private int lastAckAcked;
  private int sinceAck;
  private long nextAck;
  private long nextNak;
  private long lastSent;
  private long lastHeard;

  private long rateStart;
  private long ratePackets;
  private long rateBytes;
  private int packetRate;
  private long byteRate;

  long received;
  long bytesReceived;
  long lost;
  long retransmitted;
  long dropped;
  long discarded;

  /**
   * @param start local time (µs) the connection started: the zero of the timestamps we send
   * @param isn the caller's initial sequence number
   */
  SrtReceiver(int peerSocket, long start, int isn, int window, TsbpdClock clock, ByteBudget budget, Output out) {
    this.peerSocket = peerSocket;
    this.start = start;
    this.clock = clock;
    this.budget = budget;
    this.out = out;
    this.buf = new ReceiveBuffer(isn, window);
    this.lastAckSent = this.lastFullAckSent = this.lastAckAcked = isn;
    this.lastHeard = this.lastSent = this.rateStart = start;
    this.nextAck = start + ACK_INTERVAL;
    this.nextNak = start + MIN_NAK_INTERVAL;
  }

  void onData(DataPacket p, long now) {
    lastHeard = now;
    int length = p.payload().length();
    received++;
    bytesReceived += length;
    ratePackets++;
    rateBytes += length;
    if (p.retransmitted()) {
      retransmitted++;
    }
    int off = buf.offset(p.seq());
    if (off < 0 || off >= buf.window() || buf.state(off) != ReceiveBuffer.MISSING || p.encryption() != 0
        || !budget.reserve(length)) {
      discarded++; // duplicate, too late, beyond the window, encrypted, or over the listener's bound
      return;
    }
    if (off > buf.span()) {
      int from = SeqNo.add(buf.base(), buf.span());
      lost += off - buf.span();
      sendNak(List.of(new LossList.Range(from, SeqNo.add(p.seq(), -1))), now);
    }
    buf.put(off, p.payload(), clock.extend(p.timestamp()), p.position());
    if (++sinceAck >= LIGHT_ACK_PACKETS) {
      sinceAck = 0;
      int ack = ackSeq();
      if (ack != lastAckSent) {
        lastAckSent = ack;
        send(Ack.light(ack).packet(timestamp(now), peerSocket), now);
      }
    }
  }

  /** Returns true when the peer shut the connection down. */
  boolean onControl(ControlPacket c, long now) {
    lastHeard = now;
    switch (c.type()) {
      case ControlPacket.ACKACK -> {
        acknowledged(c.typeInfo(), now);
        clock.driftSample(now, c.timestamp());
      }
      case ControlPacket.DROP_REQUEST -> {
        if (c.cif().length() >= 8) {
          senderDropped(c.cif().getInt(0) & SeqNo.MASK, c.cif().getInt(4) & SeqNo.MASK);
        }
      }
      case ControlPacket.SHUTDOWN -> {
        return true;
      }
      default -> { } // keepalive: lastHeard is all it does; we send no data, so no ACK/NAK comes to us
    }
    return false;
  }

  /** Timers: delivery, ACK, NAK, keepalive. Call often (every few ms). */
  void tick(long now) {
    deliver(now, false);
    if (now >= nextAck) {
      nextAck = now + ACK_INTERVAL;
      fullAck(now);
    }
    if (now >= nextNak) {
      nextNak = now + Math.max(MIN_NAK_INTERVAL, (rtt.rtt() + 4 * rtt.var()) / 2);
      periodicNak(now);
    }
    if (now - lastSent >= KEEPALIVE_INTERVAL) {
      send(new ControlPacket(ControlPacket.KEEPALIVE, 0, timestamp(now), peerSocket, Buffer.buffer(4).appendInt(0)),
          now);
    }
    if (now - rateStart >= 1_000_000) {
      long elapsed = now - rateStart;
      packetRate = (int) (ratePackets * 1_000_000 / elapsed);
      byteRate = rateBytes * 1_000_000 / elapsed;
      ratePackets = rateBytes = 0;
      rateStart = now;
    }
  }

  /** The connection ends: hands over whatever complete messages are held (holes skipped), frees the rest. */
  void finish(long now) {
    deliver(now, true);
    budget.release(buf.clear());
  }

  long idleFor(long now) {
    return now - lastHeard;
  }

  /** The buffer cannot take a packet past its window. */
  boolean full() {
    return buf.span() >= buf.window();
  }

  long bufferedBytes() {
    return buf.bytes();
  }

  int bufferedPackets() {
    return buf.present();
  }

  long rttMicros() {
    return rtt.rtt();
  }

  long rttVarMicros() {
    return rtt.var();
  }

  long byteRate() {
    return byteRate;
  }

  /** Next sequence number expected in order: every one before it arrived or was given up. */
  int ackSeq() {
    while (contiguous < buf.span() && buf.state(contiguous) != ReceiveBuffer.MISSING) {
      contiguous++;
    }
    return SeqNo.add(buf.base(), contiguous);
  }

  /** Hands over due messages in order; with {@code all}, everything complete regardless of time. */
  private void deliver(long now, boolean all) {
    while (buf.span() > 0) {
      byte state = buf.state(0);
      if (state == ReceiveBuffer.DROPPED) {
        release(1);
        continue;
      }
      if (state == ReceiveBuffer.MISSING) {
        int next = nextPresent(1);
        if (next < 0 || !all && due(next) > now) {
          return;
        }
        giveUp(next);
        continue;
      }
      int position = buf.position(0);
      if (position == DataPacket.MIDDLE || position == DataPacket.LAST) {
        giveUp(1); // the start of its message was given up
        continue;
      }
      int end = messageEnd();
      if (end > 0) {
        long due = due(0);
        if (!all && due > now) {
          return;
        }
        emit(end);
        if (!all) {
          out.lateness(now - due); // the end-of-connection flush is not TSBPD delivery: not counted
        }
        continue;
      }
      // incomplete message: wait for its hole like for any hole, unless it can never complete
      int hole = -end;
      int next = hole >= MAX_MESSAGE_PACKETS ? hole : nextPresent(hole);
      if (next < 0 || !all && hole < MAX_MESSAGE_PACKETS && due(next) > now) {
        return;
      }
      giveUp(next);
    }
  }

  /**
   * For the message starting at the base: the number of its packets when all are here, else minus the offset
   * of its first hole (or of where it was cut short by another message's start).
   */
  private int messageEnd() {
    if (buf.position(0) == DataPacket.SOLO) {
      return 1;
    }
    for (int k = 1; k < buf.span() && k < MAX_MESSAGE_PACKETS; k++) {
      if (buf.state(k) != ReceiveBuffer.PRESENT) {
        return -k;
      }
      int position = buf.position(k);
      if (position == DataPacket.LAST) {
        return k + 1;
      }
      if (position != DataPacket.MIDDLE) {
        return -k; // a new message began: this one lost its end; treated as a hole there, so it is dropped
      }
    }
    return -Math.min(buf.span(), MAX_MESSAGE_PACKETS);
  }

  /** When the packet at {@code offset} is due, by the clock as it is now (drift moves held packets too). */
  private long due(int offset) {
    return clock.deliveryTime(buf.timestamp(offset));
  }

  private int nextPresent(int from) {
    for (int k = from; k < buf.span(); k++) {
      if (buf.state(k) == ReceiveBuffer.PRESENT) {
        return k;
      }
    }
    return -1;
  }

  private void emit(int packets) {
    Buffer message = buf.payload(0);
    if (packets > 1) {
      message = Buffer.buffer();
      for (int k = 0; k < packets; k++) {
        message.appendBuffer(buf.payload(k));
      }
    }
    release(packets);
    out.deliver(message);
  }

  /** Skips the first {@code n} slots: what is missing or incomplete there is dropped. */
  private void giveUp(int n) {
    for (int k = 0; k < n; k++) {
      if (buf.state(k) != ReceiveBuffer.DROPPED) {
        dropped++;
      }
    }
    release(n);
  }

  private void release(int n) {
    budget.release(buf.advance(n));
    contiguous = Math.max(0, contiguous - n);
  }

  private void fullAck(long now) {
    int ack = ackSeq();
    if (ack == lastAckAcked || ack == lastFullAckSent && now - lastFullAckTime < 2 * rtt.rtt()) {
      return; // the sender knows; or it was just told and its ACKACK may be on the way
    }
    ackNo = ackNo == Integer.MAX_VALUE ? 1 : ackNo + 1;
    int slot = ackNo % ACK_HISTORY;
    sentAckNos[slot] = ackNo;
    sentAckSeqs[slot] = ack;
    sentAckTimes[slot] = now;
    lastAckSent = lastFullAckSent = ack;
    lastFullAckTime = now;
    sinceAck = 0;
    int available = Math.max(2, buf.window() - buf.span());
    send(new Ack(ackNo, ack, (int) rtt.rtt(), (int) rtt.var(), available, packetRate, packetRate,
        (int) Math.min(Integer.MAX_VALUE, byteRate)).packet(timestamp(now), peerSocket), now);
  }

  private void acknowledged(int ackNumber, long now) {
    int slot = Math.floorMod(ackNumber, ACK_HISTORY);
    if (ackNumber <= 0 || sentAckNos[slot] != ackNumber) {
      return;
    }
    sentAckNos[slot] = 0; // one RTT sample per ACK
    rtt.sample(now - sentAckTimes[slot]);
    if (SeqNo.compare(sentAckSeqs[slot], lastAckAcked) > 0) {
      lastAckAcked = sentAckSeqs[slot];
    }
  }

  private void periodicNak(long now) {
    List<LossList.Range> ranges = new ArrayList<>();
    int words = 0;
    int k = contiguous;
    while (k < buf.span() && words < MAX_NAK_WORDS) {
      if (buf.state(k) != ReceiveBuffer.MISSING) {
        k++;
        continue;
      }
      int first = k;
      while (k < buf.span() && buf.state(k) == ReceiveBuffer.MISSING) {
        k++;
      }
      ranges.add(new LossList.Range(SeqNo.add(buf.base(), first), SeqNo.add(buf.base(), k - 1)));
      words += k - first == 1 ? 1 : 2;
    }
    if (!ranges.isEmpty()) {
      sendNak(ranges, now);
    }
  }

  private void senderDropped(int from, int to) {
    int size = SeqNo.diff(to, from) + 1;
    if (size <= 0 || size > buf.window()) {
      return;
    }
    for (int i = 0; i < size; i++) {
      int off = buf.offset(SeqNo.add(from, i));
      if (off >= 0 && off < buf.window() && buf.state(off) == ReceiveBuffer.MISSING) {
        buf.markDropped(off);
        dropped++;
      }
    }
  }

  private void sendNak(List<LossList.Range> ranges, long now) {
    send(new ControlPacket(ControlPacket.NAK, 0, timestamp(now), peerSocket, LossList.encode(ranges)), now);
  }

  private void send(ControlPacket p, long now) {
    lastSent = now;
    out.send(p);
  }

  private int timestamp(long now) {
    return (int) (now - start);
  }
}
