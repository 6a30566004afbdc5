-- Gifts are money: every balance change is a row here, written in one transaction with the change.

-- Spendable balance per user, in the smallest unit (a heart is 1). No row means 0.
CREATE TABLE balances (
  user_id    BIGINT PRIMARY KEY CONSTRAINT balances_user_fk REFERENCES users(id),
  balance    BIGINT NOT NULL CHECK (balance >= 0),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- The gift ledger. The sender's idempotency key makes a retried gift the same gift, whichever
-- node and connection the retry arrives on.
CREATE TABLE gifts (
  id              BIGSERIAL PRIMARY KEY,
  sender_id       BIGINT NOT NULL CONSTRAINT gifts_sender_fk REFERENCES users(id),
  receiver_id     BIGINT NOT NULL CONSTRAINT gifts_receiver_fk REFERENCES users(id),
  room_id         TEXT NOT NULL,
  gift_type       TEXT NOT NULL,
  count           INT NOT NULL CHECK (count > 0),
  -- The type's value when sent, so later catalog changes do not rewrite history.
  unit_value      BIGINT NOT NULL CHECK (unit_value > 0),
  value           BIGINT NOT NULL CHECK (value = count * unit_value),
  idempotency_key TEXT NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 64),
  -- Where the room broadcast it; null until then (set once).
  room_epoch      TEXT,
  room_offset     BIGINT,
  created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
  CHECK (sender_id <> receiver_id),
  CONSTRAINT gifts_sender_key UNIQUE (sender_id, idempotency_key)
);
-- The per-room leaderboard sums value and count per sender without reading the table.
CREATE INDEX gifts_room_sender ON gifts (room_id, sender_id) INCLUDE (value, count);

-- Audit of admin credits.
CREATE TABLE balance_credits (
  id         BIGSERIAL PRIMARY KEY,
  user_id    BIGINT NOT NULL REFERENCES users(id),
  amount     BIGINT NOT NULL CHECK (amount > 0),
  admin_id   BIGINT NOT NULL REFERENCES users(id),
  reason     TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX balance_credits_user ON balance_credits (user_id, created_at);
