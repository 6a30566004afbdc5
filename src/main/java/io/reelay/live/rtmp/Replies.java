package io.reelay.live.rtmp;

import static io.reelay.live.rtmp.Amf0.object;

import io.reelay.live.ingest.PublishRefused;

/** The AMF0 command messages we answer with: _result, _error and onStatus, shaped as FMS/nginx-rtmp send them. */
final class Replies {

  static final String PUBLISH_START = "NetStream.Publish.Start";
  static final String PUBLISH_BAD_NAME = "NetStream.Publish.BadName";
  static final String PUBLISH_DENIED = "NetStream.Publish.Denied";
  static final String STREAM_FAILED = "NetStream.Failed";
  static final String PLAY_FAILED = "NetStream.Play.Failed";

  private Replies() {
  }

  static RtmpMessage connectResult(double txn) {
    return command(0, "_result", txn,
        object("fmsVer", "FMS/3,0,1,123", "capabilities", 31.0),
        object("level", "status", "code", "NetConnection.Connect.Success", "description", "Connection succeeded.",
            "objectEncoding", 0.0));
  }

  static RtmpMessage connectRejected(double txn, String description) {
    return command(0, "_error", txn, null,
        object("level", "error", "code", "NetConnection.Connect.Rejected", "description", description));
  }

  /** A plain _result: {@code value} is the created stream id for createStream, undefined for the rest. */
  static RtmpMessage result(double txn, Object value) {
    return command(0, "_result", txn, null, value);
  }

  static RtmpMessage status(int streamId, String level, String code, String description) {
    return command(streamId, "onStatus", 0.0, null, object("level", level, "code", code, "description", description));
  }

  /** The onStatus error a refused publisher gets; FFmpeg and OBS give up on any level "error". */
  static RtmpMessage refused(int streamId, Throwable cause) {
    if (cause instanceof PublishRefused r) {
      String code = r.reason() == PublishRefused.Reason.UNAVAILABLE ? PUBLISH_DENIED : PUBLISH_BAD_NAME;
      return status(streamId, "error", code, r.getMessage());
    }
    return status(streamId, "error", PUBLISH_DENIED, "the stream cannot be published now");
  }

  private static RtmpMessage command(int streamId, Object... values) {
    return new RtmpMessage(RtmpMessage.COMMAND_AMF0, streamId, 0, Amf0.encode(values));
  }
}
