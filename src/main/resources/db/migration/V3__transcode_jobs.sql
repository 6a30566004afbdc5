-- One transcode job per stored content (not per video): videos with the same bytes share its output.
CREATE TABLE transcode_jobs (
  content_hash TEXT PRIMARY KEY REFERENCES media(content_hash) ON DELETE CASCADE,
  -- The video that brought the content; the owner node of video:<video_id> runs the job.
  video_id     TEXT NOT NULL,
  state        TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
  attempts     INT NOT NULL DEFAULT 0,
  error        TEXT,
  progress     DOUBLE PRECISION NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 1),
  eta_seconds  INT,
  node_id      TEXT,          -- the node running it, while running
  heartbeat_at TIMESTAMPTZ,   -- refreshed while running; a stale one means the node died
  created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
  started_at   TIMESTAMPTZ,
  finished_at  TIMESTAMPTZ
);
CREATE INDEX transcode_jobs_unfinished ON transcode_jobs (state) WHERE state IN ('queued', 'running');

-- What playback needs once the content is transcoded: renditions, master, poster, storyboard.
ALTER TABLE media ADD COLUMN playback JSONB;
