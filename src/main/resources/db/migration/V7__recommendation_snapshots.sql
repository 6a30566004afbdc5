-- Copies of the recommendation state (the Redis rec:* keys, each in Redis' DUMP format) so that a Redis loss is
-- recoverable: a node finding no state in Redis restores the newest finished snapshot. Only that one is kept.
CREATE TABLE rec_snapshots (
  id          BIGSERIAL PRIMARY KEY,
  started_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
  finished_at TIMESTAMPTZ,              -- null while being written, or abandoned by a node that died
  keys        INT NOT NULL DEFAULT 0,
  bytes       BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE rec_snapshot_keys (
  snapshot_id BIGINT NOT NULL REFERENCES rec_snapshots(id) ON DELETE CASCADE,
  key         TEXT NOT NULL,
  value       BYTEA NOT NULL,
  PRIMARY KEY (snapshot_id, key)
);
