import type { Pool } from 'pg';

/** One schema change. Versions are applied in order, each in its own transaction, and never edited. */
export type Migration = { version: number; name: string; sql: string };

/**
 * The hall's schema, numbered. Business dates are `YYYY-MM-DD` text in the hall's time zone (the
 * store works them out from its clock), so the driver never turns them into a JavaScript Date.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'queue',
    sql: `
CREATE TABLE areas (
  id text PRIMARY KEY CHECK (id ~ '^[a-z][a-zA-Z0-9-]{0,31}$'),
  -- Numbers are prefix + sequence: two areas with one prefix would print the same number twice.
  prefix text NOT NULL UNIQUE CHECK (prefix ~ '^[A-Z]$'),
  name jsonb NOT NULL
);

-- A window (counter). It serves the areas listed in counter_areas: one area, or several for a
-- comprehensive (无差别受理) window.
CREATE TABLE counters (
  id text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$'),
  name text NOT NULL,
  paused boolean NOT NULL DEFAULT false
);

CREATE TABLE counter_areas (
  counter_id text NOT NULL REFERENCES counters (id) ON DELETE CASCADE,
  area_id text NOT NULL REFERENCES areas (id),
  PRIMARY KEY (counter_id, area_id)
);

CREATE TABLE counter_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  counter_id text NOT NULL REFERENCES counters (id) ON DELETE CASCADE,
  at timestamptz NOT NULL,
  event text NOT NULL CHECK (event IN ('paused', 'resumed'))
);

-- The last number given per area and business day. Incremented in the transaction that inserts the
-- ticket: the row lock serialises one area-day, a rollback takes the number back, so numbers have no
-- gaps (a sequence would leave them).
CREATE TABLE area_day_numbers (
  area_id text NOT NULL REFERENCES areas (id),
  business_date text NOT NULL CHECK (business_date ~ '^\\d{4}-\\d{2}-\\d{2}$'),
  last_seq integer NOT NULL CHECK (last_seq > 0),
  PRIMARY KEY (area_id, business_date)
);

-- area_id is where the number was issued (prefix and daily sequence); queue_area_id is where the
-- ticket waits now (they differ after a transfer).
CREATE TABLE tickets (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  area_id text NOT NULL REFERENCES areas (id),
  queue_area_id text NOT NULL REFERENCES areas (id),
  business_date text NOT NULL CHECK (business_date ~ '^\\d{4}-\\d{2}-\\d{2}$'),
  seq integer NOT NULL CHECK (seq > 0),
  number text NOT NULL,
  kiosk_id text NOT NULL,
  issued_at timestamptz NOT NULL,
  queued_at timestamptz NOT NULL,
  priority boolean NOT NULL,
  priority_reason text CHECK (priority_reason IN ('age', 'disability', 'appointment')),
  appointment_id text UNIQUE,
  identity_digest text,
  estimated_wait integer CHECK (estimated_wait >= 0),
  state text NOT NULL DEFAULT 'waiting' CHECK (state IN ('waiting', 'called', 'done', 'noShow')),
  counter_id text REFERENCES counters (id),
  called_at timestamptz,
  finished_at timestamptz,
  UNIQUE (area_id, business_date, seq),
  UNIQUE (business_date, number),
  CHECK (state <> 'called' OR counter_id IS NOT NULL)
);
-- The queue: call next reads the head of (area, day, class) and locks it with SKIP LOCKED.
CREATE INDEX tickets_waiting ON tickets (queue_area_id, business_date, priority, queued_at, id)
  WHERE state = 'waiting';
-- A window serves one ticket at a time.
CREATE UNIQUE INDEX tickets_one_current ON tickets (counter_id) WHERE state = 'called';
CREATE INDEX tickets_identity ON tickets (area_id, business_date, identity_digest)
  WHERE identity_digest IS NOT NULL;
CREATE INDEX tickets_served ON tickets (queue_area_id, business_date, finished_at) WHERE state = 'done';
CREATE INDEX tickets_counter_activity ON tickets (queue_area_id, (coalesce(finished_at, called_at)))
  WHERE counter_id IS NOT NULL;

-- Everything that happens to a ticket, in order. area_id and priority are the ticket's at the time
-- of the event (the call order reads the last calls of an area from here).
CREATE TABLE ticket_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  ticket_id integer NOT NULL REFERENCES tickets (id),
  at timestamptz NOT NULL,
  event text NOT NULL CHECK (event IN ('issued', 'reprinted', 'called', 'recalled', 'transferred', 'done', 'noShow')),
  -- Copies for the log and the call order (no foreign keys: every event would lock the area's row).
  area_id text NOT NULL,
  business_date text NOT NULL,
  priority boolean NOT NULL,
  counter_id text,
  kiosk_id text,
  detail text
);
CREATE INDEX ticket_events_calls ON ticket_events (area_id, business_date, id) WHERE event = 'called';
CREATE INDEX ticket_events_ticket ON ticket_events (ticket_id);
CREATE INDEX ticket_events_day ON ticket_events (business_date, id) WHERE event IN ('called', 'recalled');

-- Every kiosk request carries a key; a retry with the same key gets the same ticket.
CREATE TABLE idempotency_keys (
  kiosk_id text NOT NULL,
  key text NOT NULL,
  request_hash text NOT NULL,
  ticket_id integer REFERENCES tickets (id),
  reprint boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (kiosk_id, key)
);
`,
  },
  {
    version: 2,
    name: 'people-and-devices',
    sql: `
-- A person who works in the hall. Signs in with their staff number (工号) and PIN, one account each.
CREATE TABLE staff (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- The staff number (工号) typed at sign-in and shown on the rating pad.
  number text NOT NULL UNIQUE CHECK (number ~ '^[A-Za-z0-9]{1,16}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 40),
  role text NOT NULL CHECK (role IN ('counter', 'supervisor', 'admin')),
  -- scrypt hash (auth/pin-hash.ts of the daemon), never the PIN.
  pin_hash text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL
);

-- A machine enrolled in the hall: a kiosk, a zone display or a rating pad. Its credential is a random
-- token of which only the SHA-256 is kept; revoking sets revoked_at and the token stops working at once.
CREATE TABLE devices (
  id text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$'),
  kind text NOT NULL CHECK (kind IN ('kiosk', 'display', 'pad')),
  -- Where it stands, for the supervisors (帮办 calls say this): "1F entrance", "24h area".
  location text NOT NULL DEFAULT '',
  -- A rating pad belongs to one window; a display shows one zone (null: every area).
  counter_id text REFERENCES counters (id),
  zone_id text,
  token_hash text UNIQUE,
  enrolled_at timestamptz,
  revoked_at timestamptz,
  last_seen_at timestamptz,
  CHECK (kind <> 'pad' OR counter_id IS NOT NULL)
);

-- One-time enrolment codes made on the admin page: only the SHA-256 of the code is kept.
CREATE TABLE enrolment_codes (
  code_hash text PRIMARY KEY,
  device_id text NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
  created_by integer REFERENCES staff (id),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);

-- Who did what, from where: sign-ins, refusals, lock-outs, enrolments, revocations, calls, transfers.
CREATE TABLE audit (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL,
  -- "staff:12", "device:kiosk-1", or "anonymous"
  actor text NOT NULL,
  source text NOT NULL,
  action text NOT NULL,
  detail text NOT NULL DEFAULT ''
);
CREATE INDEX audit_at ON audit (at);
`,
  },
  {
    version: 3,
    name: 'windows-ratings-help',
    sql: `
-- Who works at each window now (signed in there from the counter page). Calls, transfers and
-- outcomes are attributed to this person (ticket_events.staff_id) and the rating pad shows them.
CREATE TABLE counter_staff (
  counter_id text PRIMARY KEY REFERENCES counters (id) ON DELETE CASCADE,
  staff_id integer NOT NULL REFERENCES staff (id),
  since timestamptz NOT NULL
);
CREATE UNIQUE INDEX counter_staff_one_window ON counter_staff (staff_id);

ALTER TABLE ticket_events ADD COLUMN staff_id integer;

-- A ticket transferred to one window (not just an area) waits for that window only.
ALTER TABLE tickets ADD COLUMN target_counter_id text REFERENCES counters (id);

-- 好差评: one row per rating, from a window's rating pad (tied to ticket, window, staff member and
-- area) or from a kiosk (the kiosk's own service). The hall's outbox sends them to the province.
CREATE TABLE ratings (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  source text NOT NULL CHECK (source IN ('pad', 'kiosk')),
  device_id text NOT NULL,
  idempotency_key text NOT NULL,
  ticket_id integer REFERENCES tickets (id),
  counter_id text,
  staff_id integer REFERENCES staff (id),
  area_id text,
  business_date text NOT NULL CHECK (business_date ~ '^\\d{4}-\\d{2}-\\d{2}$'),
  level smallint NOT NULL CHECK (level BETWEEN 1 AND 5),
  reasons jsonb NOT NULL DEFAULT '[]',
  rated_at timestamptz NOT NULL,
  -- A kiosk's rating as the kiosk sent it (the province's format), forwarded as it is.
  payload jsonb,
  sent_at timestamptz,
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz,
  last_error text,
  UNIQUE (device_id, idempotency_key)
);
-- A ticket served at a window is rated once.
CREATE UNIQUE INDEX ratings_one_per_ticket ON ratings (ticket_id) WHERE source = 'pad';
CREATE INDEX ratings_unsent ON ratings (next_attempt_at) WHERE sent_at IS NULL;
CREATE INDEX ratings_day ON ratings (business_date, staff_id);

-- 帮办: a kiosk's "呼叫工作人员", until a supervisor acknowledges it.
CREATE TABLE help_requests (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  device_id text NOT NULL REFERENCES devices (id),
  location text NOT NULL,
  requested_at timestamptz NOT NULL,
  acknowledged_at timestamptz,
  acknowledged_by integer REFERENCES staff (id)
);

-- Hall-wide secrets (32 random bytes each), e.g. the salt kiosks use for the day's identity digests,
-- so a person's tickets are counted together whichever kiosk they used.
CREATE TABLE hall_secrets (
  name text PRIMARY KEY,
  value bytea NOT NULL CHECK (length(value) = 32)
);
`,
  },
  {
    version: 4,
    name: 'kiosk-day-counts',
    sql: `
-- A kiosk's own per-day limits on the paths without a card count what that kiosk issued today.
CREATE INDEX tickets_by_kiosk_day ON tickets (kiosk_id, business_date);
`,
  },
  {
    version: 5,
    name: 'transfer-to-a-window',
    sql: `
-- The window a ticket was sent to by a 'transferred' event (null: sent to an area), so the live feed
-- can tell that window without reading the ticket.
ALTER TABLE ticket_events ADD COLUMN to_counter_id text;
-- The tickets waiting for one window (call next of that window looks here besides its areas).
CREATE INDEX tickets_sent_to ON tickets (target_counter_id, queued_at, id)
  WHERE state = 'waiting' AND target_counter_id IS NOT NULL;
`,
  },
  {
    version: 6,
    name: 'matters',
    sql: `
-- The matter (事项, a code of the service catalogue) a ticket is for: chosen at the kiosk, or set or
-- changed at the window before done. Null: none was given.
ALTER TABLE tickets ADD COLUMN matter_id text CHECK (matter_id ~ '^[A-Za-z0-9][A-Za-z0-9-]{1,39}$');
-- The ticket's matter at the time of the event ('issued', 'done', 'noShow'): the report counts the
-- matter handled by the 'done' event, and a pad's rating is tied to it.
ALTER TABLE ticket_events ADD COLUMN matter_id text;
ALTER TABLE ratings ADD COLUMN matter_id text;
`,
  },
  {
    version: 7,
    name: 'offline-kiosk-tickets',
    sql: `
-- A kiosk's offline series (1-99): the tickets it issues while it cannot reach the hall are numbered
-- <prefix>K<series>-<seq> (AK3-007), a form no online number has. Assigned on the kiosk's first ask,
-- never reused (a revoked kiosk keeps its series).
ALTER TABLE devices ADD COLUMN offline_series smallint UNIQUE CHECK (offline_series BETWEEN 1 AND 99);

-- A ticket that arrived late from an offline kiosk has no place in the area-day sequence (seq null),
-- the series it was issued under, and when the hall received it. UNIQUE (business_date, number)
-- still holds for every ticket.
ALTER TABLE tickets ALTER COLUMN seq DROP NOT NULL;
ALTER TABLE tickets ADD COLUMN offline_series smallint;
ALTER TABLE tickets ADD COLUMN received_at timestamptz;
ALTER TABLE tickets ADD CONSTRAINT tickets_seq_or_offline CHECK ((seq IS NULL) = (offline_series IS NOT NULL));

-- Offline tickets count against the area's daily cap with the online ones.
ALTER TABLE area_day_numbers ADD COLUMN offline_count integer NOT NULL DEFAULT 0 CHECK (offline_count >= 0);
ALTER TABLE area_day_numbers DROP CONSTRAINT area_day_numbers_last_seq_check;
ALTER TABLE area_day_numbers ADD CONSTRAINT area_day_numbers_last_seq_check CHECK (last_seq >= 0);
`,
  },
  {
    version: 8,
    name: 'counter-action-keys',
    sql: `
-- The idempotency key of a window action (call next, recall, done, no-show, transfer, pause), chosen by
-- the counter page and reused on its retries: a repeat is answered with the first answer (the ticket
-- acted on) and does nothing, so a lost reply and a retry never call a second ticket. Written in the
-- action's transaction: a refused or rolled-back action leaves no key. \`request\` is what the key was
-- used for (action, person, target): the same key for another request is refused.
CREATE TABLE counter_action_keys (
  counter_id text NOT NULL REFERENCES counters (id) ON DELETE CASCADE,
  key text NOT NULL CHECK (key ~ '^[A-Za-z0-9][A-Za-z0-9_.:-]{7,127}$'),
  request text NOT NULL,
  ticket_id integer,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (counter_id, key)
);
CREATE INDEX counter_action_keys_age ON counter_action_keys (created_at);
`,
  },
  {
    version: 9,
    name: 'staff-photos',
    sql: `
-- A staff member's photo for the rating pad at their window (PNG or JPEG, at most 256 KiB), set by an
-- admin. A photo of staff, never of citizens.
CREATE TABLE staff_photos (
  staff_id integer PRIMARY KEY REFERENCES staff (id) ON DELETE CASCADE,
  type text NOT NULL CHECK (type IN ('image/png', 'image/jpeg')),
  bytes bytea NOT NULL CHECK (length(bytes) BETWEEN 8 AND 262144),
  updated_at timestamptz NOT NULL
);
`,
  },
  {
    version: 10,
    name: 'unanswered-online-ticket',
    sql: `
-- An online ticket whose answer never reached its kiosk, which then printed an offline ticket under the
-- same key, becomes that offline ticket while it still waits (docs/queue.md#a-request-that-timed-out):
-- it takes the printed number and the kiosk's series, and keeps its sequence, which the area-day's
-- last number already counts. Such a ticket has both; every ticket has at least one.
ALTER TABLE tickets DROP CONSTRAINT tickets_seq_or_offline;
ALTER TABLE tickets ADD CONSTRAINT tickets_seq_or_offline CHECK (seq IS NOT NULL OR offline_series IS NOT NULL);
`,
  },
];

/** The newest schema version this code knows (versions may have gaps: each part of the hall has its own). */
export const LATEST_MIGRATION = Math.max(...MIGRATIONS.map((m) => m.version));

/** Advisory lock key held while migrating, so two hall servers starting together migrate once. */
const MIGRATION_LOCK = 0x4b494f53; // "KIOS"

/**
 * Applies every migration not yet recorded in `schema_migrations`, in order. Refuses to run against a
 * database that is newer than this code (a version it does not know). Returns the versions applied.
 */
export async function migrate(pool: Pool, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  const versions = new Set<number>();
  for (const m of migrations) {
    if (versions.has(m.version)) throw new Error(`migration version ${m.version} is listed twice`);
    versions.add(m.version);
  }
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await client.query(
        `CREATE TABLE IF NOT EXISTS schema_migrations (
           version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
      );
      const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
      const done = new Set(rows.map((r) => r.version));
      const known = new Set(migrations.map((m) => m.version));
      const unknown = [...done].filter((v) => !known.has(v));
      if (unknown.length > 0) {
        throw new Error(
          `database has schema version(s) ${unknown.join(', ')} this hall server does not know`,
        );
      }
      const applied: number[] = [];
      for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
        if (done.has(m.version)) continue;
        await client.query('BEGIN');
        try {
          await client.query(m.sql);
          await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
            m.version,
            m.name,
          ]);
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK');
          throw err;
        }
        applied.push(m.version);
      }
      return applied;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
}
