-- Users and their single role; roles nest: admin > creator > viewer.
CREATE TABLE users (
  id            BIGSERIAL PRIMARY KEY,
  username      TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  role          TEXT NOT NULL CHECK (role IN ('viewer', 'creator', 'admin')),
  created_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Secrets every node of a cluster must share (e.g. the JWT signing key). The first node to
-- start inserts them; the others read what it wrote.
CREATE TABLE node_secrets (
  name       TEXT PRIMARY KEY,
  value      TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
