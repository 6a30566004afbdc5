package io.reelay.room;

import io.reelay.node.auth.AuthService;
import io.reelay.node.cluster.PartitionRouter;

/** What a room connection works with, shared by all connections of the node. */
record RoomServices(RoomSettings settings, RoomMetrics metrics, AuthService auth, RoomFanout fanout,
    RoomHistory history, PartitionRouter router) {}
