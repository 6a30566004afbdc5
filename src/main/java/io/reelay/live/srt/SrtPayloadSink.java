package io.reelay.live.srt;

import io.vertx.core.buffer.Buffer;

/**
 * Where an admitted SRT connection delivers its stream, on the listener's context: each message (in live mode
 * usually 7 MPEG-TS packets, 1316 bytes) in order, at its TSBPD time. Lost messages the sender could not repair in
 * time are skipped, so a consumer must resynchronise on the next TS packet (it sees a continuity gap).
 */
public interface SrtPayloadSink {

  void payload(Buffer message);

  /**
   * The messages of this round of deliveries have all been given (called after each listener tick that delivered
   * something, and before {@link #end()}): a sink that hands them elsewhere can do so in one batch.
   */
  default void flush() {}

  /** The connection is over (shutdown, idle, dropped, disconnected, listener closed). Called once; nothing after. */
  void end();
}
