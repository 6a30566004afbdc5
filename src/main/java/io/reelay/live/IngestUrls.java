package io.reelay.live;

import io.reelay.node.NodeEndpoints;

/** The publish URLs of a stream key on this node, as CONTRACT.md spells them. */
record IngestUrls(String host, int rtmpPort, int srtPort) {

  static IngestUrls of(NodeEndpoints endpoints) {
    return new IngestUrls(endpoints.host(), endpoints.rtmpPort(), endpoints.srtPort());
  }

  String rtmp(String key) {
    return "rtmp://" + host + ":" + rtmpPort + "/live/" + key;
  }

  String srt(String key) {
    return "srt://" + host + ":" + srtPort + "?streamid=publish:" + key;
  }
}
