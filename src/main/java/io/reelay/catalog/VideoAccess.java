package io.reelay.catalog;

import io.reelay.node.auth.Principal;
import io.reelay.node.auth.Role;

/** Who may see and who may change a video. */
public final class VideoAccess {

  private VideoAccess() {}

  /** Public and unlisted videos are for anyone with the id; private ones for their owner and admins. */
  public static boolean canView(Video video, Principal viewer) {
    return video.visibility() != Visibility.PRIVATE || canManage(video, viewer);
  }

  public static boolean canManage(Video video, Principal viewer) {
    return viewer != null && (viewer.userId() == video.ownerId() || viewer.role().includes(Role.ADMIN));
  }
}
