package io.reelay.node.cluster;

import com.hazelcast.cluster.Member;

/**
 * Maps Hazelcast members to Vert.x node ids. vertx-hazelcast does NOT use the member UUID as node id:
 * it generates its own UUID and publishes it as a member attribute.
 */
final class MemberIds {

  static final String VERTX_NODE_ID_ATTRIBUTE = "__vertx.nodeId";

  private MemberIds() {
  }

  static String nodeId(Member member) {
    String nodeId = member.getAttribute(VERTX_NODE_ID_ATTRIBUTE);
    // Members started without Vert.x (data-only) have no attribute; their UUID is still a stable name.
    return nodeId != null ? nodeId : member.getUuid().toString();
  }

  static String address(Member member) {
    return member.getAddress().getHost() + ":" + member.getAddress().getPort();
  }
}
