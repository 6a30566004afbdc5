-- Danmaku of video rooms, by video time, so replays show each at its moment. The room's history in Redis
-- keeps only the latest messages; this is the long-term copy. (epoch, room_offset) is the message's place in
-- the room's history, so writing the same batch twice is harmless.
CREATE TABLE danmaku (
  video_id      TEXT NOT NULL REFERENCES videos(id) ON DELETE CASCADE,
  epoch         TEXT NOT NULL,
  room_offset   BIGINT NOT NULL,
  user_id       BIGINT NOT NULL,
  username      TEXT NOT NULL,
  text          TEXT NOT NULL,
  color         TEXT NOT NULL,
  mode          TEXT NOT NULL,
  video_time_ms BIGINT NOT NULL,
  sent_at       TIMESTAMPTZ NOT NULL,
  deleted       BOOLEAN NOT NULL DEFAULT false,
  PRIMARY KEY (video_id, epoch, room_offset)
);

CREATE INDEX danmaku_by_video_time ON danmaku (video_id, video_time_ms);
