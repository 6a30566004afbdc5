package io.reelay.room;

/** Where a message landed in its room's history. */
record Sequenced(String epoch, long offset) {}
