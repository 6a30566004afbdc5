-- Stored media: one row per distinct content (SHA-256 of the bytes), shared by every video
-- record with those bytes, so the same file uploaded twice is kept (and transcoded) once.
CREATE TABLE media (
  content_hash TEXT PRIMARY KEY CHECK (content_hash ~ '^[0-9a-f]{64}$'),
  -- Relative to the storage dir. Unique per row (not derived from the hash alone) so that deleting
  -- an unreferenced row's file can never remove a file a later upload of the same bytes stored.
  path         TEXT NOT NULL UNIQUE,
  size_bytes   BIGINT NOT NULL CHECK (size_bytes >= 0),
  -- Filled in by the probe; null until then.
  container    TEXT,
  duration_ms  BIGINT,
  width        INT,
  height       INT,
  video_codec  TEXT,
  audio_codec  TEXT,
  probed_at    TIMESTAMPTZ,
  created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE videos (
  id             TEXT PRIMARY KEY,
  owner_id       BIGINT NOT NULL REFERENCES users(id),
  title          TEXT NOT NULL,
  description    TEXT NOT NULL DEFAULT '',
  tags           TEXT[] NOT NULL DEFAULT '{}',
  visibility     TEXT NOT NULL CHECK (visibility IN ('public', 'unlisted', 'private')),
  status         TEXT NOT NULL CHECK (status IN ('uploading', 'processing', 'ready', 'failed')),
  failure_reason TEXT,
  duration_ms    BIGINT,
  width          INT,
  height         INT,
  size_bytes     BIGINT,
  -- No foreign key: a failed video keeps the hash of its bytes after they are gone.
  content_hash   TEXT,
  search         TSVECTOR GENERATED ALWAYS AS (to_tsvector('simple', title || ' ' || description)) STORED,
  created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX videos_newest ON videos (created_at DESC, id DESC);
CREATE INDEX videos_owner ON videos (owner_id, created_at DESC, id DESC);
CREATE INDEX videos_tags ON videos USING GIN (tags);
CREATE INDEX videos_search ON videos USING GIN (search);
CREATE INDEX videos_content_hash ON videos (content_hash);

-- tus uploads. The acknowledged offset is only advanced after the bytes below it are on disk.
CREATE TABLE uploads (
  id            TEXT PRIMARY KEY,
  owner_id      BIGINT NOT NULL REFERENCES users(id),
  -- The video this upload fills; null for partial uploads (and once the video is deleted).
  video_id      TEXT REFERENCES videos(id) ON DELETE SET NULL,
  concat        TEXT NOT NULL CHECK (concat IN ('none', 'partial', 'final')),
  parts         TEXT[],                                   -- final: the partial upload ids, in order
  length        BIGINT CHECK (length >= 0),               -- null while deferred
  upload_offset BIGINT NOT NULL DEFAULT 0 CHECK (upload_offset >= 0),
  metadata      TEXT NOT NULL DEFAULT '',                 -- Upload-Metadata as received
  state         TEXT NOT NULL CHECK (state IN ('active', 'completed', 'terminated', 'expired')),
  files_removed BOOLEAN NOT NULL DEFAULT false,
  expires_at    TIMESTAMPTZ NOT NULL,
  created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
  CHECK (length IS NULL OR upload_offset <= length)
);
CREATE INDEX uploads_expiring ON uploads (expires_at) WHERE state = 'active';
CREATE INDEX uploads_unreclaimed ON uploads (id) WHERE state IN ('terminated', 'expired') AND NOT files_removed;
CREATE INDEX uploads_owner_active ON uploads (owner_id) WHERE state = 'active';
CREATE INDEX uploads_video ON uploads (video_id);
