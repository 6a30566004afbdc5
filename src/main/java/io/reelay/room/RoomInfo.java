package io.reelay.room;

import io.reelay.node.auth.Principal;
import io.reelay.node.auth.Role;

/**
 * What a room is: the video it belongs to (null for other rooms), its creator (who moderates and receives
 * gifts; null when nobody does) and whether only the creator and admins may join.
 */
record RoomInfo(String roomId, String videoId, Long creatorId, boolean restricted) {

  boolean vod() {
    return videoId != null;
  }

  boolean canModerate(Principal user) {
    return moderates(creatorId, user);
  }

  /** The room's creator and admins moderate; {@code creatorId} may be null (nobody but admins). */
  static boolean moderates(Long creatorId, Principal user) {
    return user != null && (user.role().includes(Role.ADMIN) || (creatorId != null && creatorId == user.userId()));
  }

  boolean canJoin(Principal user) {
    return !restricted || canModerate(user);
  }
}
