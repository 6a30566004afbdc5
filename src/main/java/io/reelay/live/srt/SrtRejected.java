package io.reelay.live.srt;

/**
 * Why a caller was turned away; the code travels in the handshake type field (1000 + code) and libsrt callers
 * report it as the rejection reason. Codes below 1000 are SRT's own (SRT_REJ_*); 1400-1599 are the
 * access-control codes (SRT_REJX_*, HTTP-like).
 */
public final class SrtRejected extends RuntimeException {

  /** SRT_REJ_RESOURCE: we cannot take the connection now (buffers, internal failure). */
  public static final int RESOURCE = 3;
  /** SRT_REJ_ROGUE: the handshake does not make sense. */
  public static final int ROGUE = 4;
  /** SRT_REJ_BACKLOG: too many connections. */
  public static final int BACKLOG = 5;
  /** SRT_REJ_CLOSE: the listener is closing. */
  public static final int CLOSE = 7;
  /** SRT_REJ_VERSION: not an HSv5 (SRT 1.3+) caller. */
  public static final int VERSION = 8;
  /** SRT_REJ_UNSECURE: the caller wants encryption, which this listener does not do. */
  public static final int UNSECURE = 11;
  /** SRT_REJ_MESSAGEAPI: the caller wants stream (file) mode; we take live messages. */
  public static final int MESSAGE_API = 12;
  /** SRT_REJ_CONGESTION: a congestion controller other than live. */
  public static final int CONGESTION = 13;
  /** SRT_REJ_FILTER: a packet filter (FEC), which we do not do. */
  public static final int FILTER = 14;
  /** SRT_REJ_GROUP: bonding groups, which we do not do. */
  public static final int GROUP = 15;

  /** SRT_REJX_BAD_REQUEST: no or an unreadable stream id. */
  public static final int BAD_REQUEST = 1400;
  /** SRT_REJX_FORBIDDEN: unknown or revoked stream key. */
  public static final int FORBIDDEN = 1403;
  /** SRT_REJX_BAD_MODE: the caller wants to play (m=request), not publish. */
  public static final int BAD_MODE = 1405;
  /** SRT_REJX_CONFLICT: the stream is live from another publisher. */
  public static final int CONFLICT = 1409;
  /** SRT_REJX_UNAVAILABLE: Reelay cannot take the stream now. */
  public static final int UNAVAILABLE = 1503;

  private final int code;

  public SrtRejected(int code, String reason) {
    super(reason, null, false, false);
    if (code < 0 || code > 0xFFFF) {
      throw new IllegalArgumentException("rejection code " + code);
    }
    this.code = code;
  }

  public int code() {
    return code;
  }

  public String reason() {
    return getMessage();
  }

  /** The value of the handshake type field that carries this rejection. */
  int handshakeType() {
    return Handshake.REJECTION_BASE + code;
  }

  @Override
  public String toString() {
    return "SrtRejected[" + code + ": " + getMessage() + "]";
  }
}
