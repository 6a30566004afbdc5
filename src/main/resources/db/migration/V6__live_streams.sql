-- Live streams: a creator's channel with one secret stream key. Only the key's SHA-256 is kept (the key is shown
-- when created or rotated), so a leaked database does not let anyone publish.
CREATE TABLE live_streams (
  id         TEXT PRIMARY KEY,
  owner_id   BIGINT NOT NULL REFERENCES users(id),
  title      TEXT NOT NULL,
  key_hash   TEXT UNIQUE CHECK (key_hash ~ '^[0-9a-f]{64}$'),  -- null once revoked
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX live_streams_by_owner ON live_streams (owner_id, created_at DESC);

-- One row per broadcast: a publisher's session, continued across reconnects within the grace period.
CREATE TABLE live_sessions (
  id                 TEXT PRIMARY KEY,
  stream_id          TEXT NOT NULL REFERENCES live_streams(id) ON DELETE CASCADE,
  node_id            TEXT NOT NULL,
  protocol           TEXT NOT NULL,
  started_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
  ended_at           TIMESTAMPTZ,
  recording_video_id TEXT REFERENCES videos(id) ON DELETE SET NULL
);

CREATE INDEX live_sessions_by_stream ON live_sessions (stream_id, started_at DESC);
