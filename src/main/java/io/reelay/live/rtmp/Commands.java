package io.reelay.live.rtmp;

import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NetConnection and NetStream commands a publisher sends (RTMP spec 7.2), answered as nginx-rtmp and SRS do
 * so that FFmpeg, OBS (librtmp) and hardware encoders all proceed. Unknown commands are ignored.
 */
final class Commands {

  static final String APP = "live";
  static final int CONTROL_CSID = 2;
  static final int COMMAND_CSID = 3;
  static final int STREAM_CSID = 5;
  private static final Logger log = LoggerFactory.getLogger(Commands.class);

  private final RtmpConnection conn;
  private boolean connected;
  private int nextStreamId = 1;

  Commands(RtmpConnection conn) {
    this.conn = conn;
  }

  /** A command message (type 20, or 17 - see {@link #values}). */
  void handle(RtmpMessage m) {
    List<Object> values = values(m);
    if (values.isEmpty() || !(values.get(0) instanceof String name)) {
      throw new RtmpProtocolException("a command without a name");
    }
    double txn = arg(values, 1) instanceof Double d ? d : 0;
    if (!connected && !name.equals("connect")) {
      throw new RtmpProtocolException(name + " before connect");
    }
    switch (name) {
      case "connect" -> connect(txn, arg(values, 2));
      case "createStream" -> conn.send(COMMAND_CSID, Replies.result(txn, (double) nextStreamId++));
      case "releaseStream", "FCPublish" -> {
        if (txn != 0) { // as SRS: a _result, which clients ignore or wait for
          conn.send(COMMAND_CSID, Replies.result(txn, Amf0.UNDEFINED));
        }
      }
      // No answer: FFmpeg closes right after FCUnpublish and deleteStream, and a reply it never reads would
      // make its close a reset.
      case "FCUnpublish" -> { }
      case "publish" -> conn.publish(m.streamId(), streamKey(arg(values, 3)));
      case "deleteStream" -> conn.unpublish(arg(values, 3) instanceof Double id ? id.intValue() : m.streamId());
      case "closeStream" -> conn.unpublish(m.streamId());
      case "play" -> conn.refuse(Replies.status(m.streamId(), "error", Replies.PLAY_FAILED,
          "this is an ingest server: play over HLS"), "play requested");
      default -> log.debug("ignored RTMP command {}", name);
    }
  }

  private void connect(double txn, Object commandObject) {
    String app = commandObject instanceof Map<?, ?> m && m.get("app") instanceof String s ? s : "";
    app = app.replaceFirst("\\?.*", "").replaceFirst("/+$", "");
    if (!APP.equals(app)) {
      conn.refuse(Replies.connectRejected(txn, "unknown application '" + app + "': publish to rtmp://HOST/"
          + APP + "/STREAM_KEY"), "unknown application");
      return;
    }
    connected = true;
    conn.send(CONTROL_CSID, ControlMessages.windowAckSize(RtmpSettings.WINDOW_ACK_SIZE));
    conn.send(CONTROL_CSID, ControlMessages.setPeerBandwidth(RtmpSettings.WINDOW_ACK_SIZE));
    conn.send(CONTROL_CSID, ControlMessages.setChunkSize(RtmpSettings.OUT_CHUNK_SIZE));
    conn.outChunkSize(RtmpSettings.OUT_CHUNK_SIZE);
    conn.send(COMMAND_CSID, Replies.connectResult(txn));
  }

  /**
   * The values of a command or data message. AMF3 messages (types 17 and 15) open with a byte that selects AMF0
   * for the rest, which is all that publishers send in them.
   */
  static List<Object> values(RtmpMessage m) {
    Buffer p = m.payload();
    boolean amf3 = m.type() == RtmpMessage.COMMAND_AMF3 || m.type() == RtmpMessage.DATA_AMF3;
    return Amf0.decodeAll(amf3 && p.length() > 0 ? p.slice(1, p.length()) : p);
  }

  /** The publish name up to any "?query" (tokens some encoders append); empty when there is none. */
  static String streamKey(Object publishName) {
    return publishName instanceof String s ? s.replaceFirst("\\?.*", "") : "";
  }

  private static Object arg(List<Object> values, int i) {
    return i < values.size() ? values.get(i) : null;
  }
}
