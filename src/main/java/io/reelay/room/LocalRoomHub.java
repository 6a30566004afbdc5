package io.reelay.room;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The room connections of one event loop (one HTTP verticle instance). A node's fan-out hands each batch to
 * every hub with viewers of the room, so the writes of a hot room are spread over the event loops.
 */
final class LocalRoomHub {

  private final Context context;
  /** Owned by {@link #context}. */
  private final Map<String, Viewers> rooms = new HashMap<>();
  /** The rooms with viewers here, readable from the fan-out's thread. */
  private final Set<String> roomIds = ConcurrentHashMap.newKeySet();

  /** One room's connections here; iteration uses a snapshot, since a write may close a connection. */
  private static final class Viewers {
    final Set<RoomConnection> connections = new LinkedHashSet<>();
    RoomConnection[] snapshot;

    RoomConnection[] snapshot() {
      if (snapshot == null) {
        snapshot = connections.toArray(new RoomConnection[0]);
      }
      return snapshot;
    }
  }

  /**
   * Pings every connection this often: the HTTP server closes connections idle for 120 s, and a quiet room's
   * viewers would otherwise be cut off (browsers answer pings on their own). It also finds dead peers.
   */
  static final long PING_INTERVAL_MS = 30_000;

  LocalRoomHub(Context context) {
    this.context = context;
  }

  /** On this hub's context. */
  void startPinging(Vertx vertx) {
    vertx.setPeriodic(PING_INTERVAL_MS, id -> rooms.values().forEach(viewers -> {
      for (RoomConnection connection : viewers.snapshot()) {
        connection.ping();
      }
    }));
  }

  Context context() {
    return context;
  }

  /** On this hub's context. */
  void add(RoomConnection connection) {
    Viewers viewers = rooms.computeIfAbsent(connection.roomId(), id -> new Viewers());
    viewers.connections.add(connection);
    viewers.snapshot = null;
    roomIds.add(connection.roomId());
  }

  /** On this hub's context. */
  void remove(RoomConnection connection) {
    Viewers viewers = rooms.get(connection.roomId());
    if (viewers != null && viewers.connections.remove(connection)) {
      viewers.snapshot = null;
      if (viewers.connections.isEmpty()) {
        rooms.remove(connection.roomId());
        roomIds.remove(connection.roomId());
      }
    }
  }

  boolean has(String roomId) {
    return roomIds.contains(roomId);
  }

  /** From any thread: delivers the batch to this hub's viewers of its room, on this hub's event loop. */
  void deliver(FanoutBatch batch) {
    context.runOnContext(v -> {
      Viewers viewers = rooms.get(batch.roomId());
      if (viewers != null) {
        for (RoomConnection connection : viewers.snapshot()) {
          connection.deliver(batch);
        }
      }
    });
  }
}
