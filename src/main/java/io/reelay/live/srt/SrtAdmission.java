package io.reelay.live.srt;

import io.vertx.core.Future;

/** Decides whether a caller may publish; the answer arrives on the listener's context. */
public interface SrtAdmission {

  /**
   * Admits the caller of {@code id}, or fails with an {@link SrtRejected} (any other failure rejects with
   * {@link SrtRejected#UNAVAILABLE}). The caller waits for the answer: its handshake is answered once it comes.
   *
   * @param remote the caller's address, for logs
   * @param disconnect closes the connection (its sink then ends); may be run on any thread
   */
  Future<SrtPayloadSink> admit(SrtStreamId id, String remote, Runnable disconnect);
}
