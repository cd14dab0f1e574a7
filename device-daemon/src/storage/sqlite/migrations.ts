/**
 * The schema, as numbered migrations applied in order and recorded in `PRAGMA user_version`
 * (migration n is entry n-1). Never edit one that has shipped; add the next.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: numbers per area and day, tickets, print jobs.
  `CREATE TABLE ticket_counters (
     area_id TEXT NOT NULL,
     business_date TEXT NOT NULL,
     last_seq INTEGER NOT NULL,
     PRIMARY KEY (area_id, business_date)
   );
   CREATE TABLE tickets (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     area_id TEXT NOT NULL,
     business_date TEXT NOT NULL,
     seq INTEGER NOT NULL,
     number TEXT NOT NULL,
     issued_at TEXT NOT NULL,
     state TEXT NOT NULL DEFAULT 'waiting',
     UNIQUE (area_id, business_date, seq)
   );
   CREATE TABLE print_jobs (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     device TEXT NOT NULL,
     kind TEXT NOT NULL,
     ticket_id INTEGER REFERENCES tickets(id),
     state TEXT NOT NULL CHECK (state IN ('queued', 'sent', 'printed', 'failed', 'interrupted')),
     failure TEXT,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL
   );
   CREATE INDEX print_jobs_state ON print_jobs(state);`,
  // 2: 绿色通道 priority tickets.
  `ALTER TABLE tickets ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;`,
  // 3: what became of a ticket in a presenter (taken | retracted).
  `ALTER TABLE print_jobs ADD COLUMN presenter TEXT;`,
  // 4: the queue becomes a real queue: counters call, recall, transfer, finish; appointments;
  //    anti-hoarding by a per-day salted digest of the ID number (never the number).
  `ALTER TABLE tickets ADD COLUMN priority_reason TEXT;
   ALTER TABLE tickets ADD COLUMN appointment_id TEXT;
   ALTER TABLE tickets ADD COLUMN identity_digest TEXT;
   ALTER TABLE tickets ADD COLUMN estimated_wait INTEGER;
   ALTER TABLE tickets ADD COLUMN queued_at TEXT;
   ALTER TABLE tickets ADD COLUMN queue_area_id TEXT;
   ALTER TABLE tickets ADD COLUMN called_at TEXT;
   ALTER TABLE tickets ADD COLUMN counter_id TEXT;
   ALTER TABLE tickets ADD COLUMN finished_at TEXT;
   UPDATE tickets SET queued_at = issued_at, queue_area_id = area_id;
   CREATE INDEX tickets_by_area_day ON tickets(area_id, business_date);
   CREATE INDEX tickets_by_queue ON tickets(queue_area_id, business_date, state);
   CREATE INDEX tickets_by_counter ON tickets(counter_id, state);
   CREATE UNIQUE INDEX tickets_by_appointment ON tickets(appointment_id) WHERE appointment_id IS NOT NULL;
   CREATE TABLE ticket_events (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     ticket_id INTEGER NOT NULL REFERENCES tickets(id),
     at TEXT NOT NULL,
     event TEXT NOT NULL CHECK (event IN ('issued', 'reprinted', 'called', 'recalled', 'transferred', 'noShow', 'done')),
     counter_id TEXT,
     detail TEXT
   );
   CREATE INDEX ticket_events_by_ticket ON ticket_events(ticket_id);
   CREATE TABLE appointment_visits (
     booking_id TEXT PRIMARY KEY,
     business_date TEXT NOT NULL,
     area_id TEXT NOT NULL,
     state TEXT NOT NULL CHECK (state IN ('checkedIn', 'noShow')),
     ticket_id INTEGER REFERENCES tickets(id),
     at TEXT NOT NULL
   );
   CREATE TABLE kiosk_secrets (name TEXT PRIMARY KEY, value BLOB NOT NULL);`,
  // 5: guides looked up and printed, 好差评 ratings (one per service event) and their delivery outbox.
  `CREATE TABLE guide_views (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     matter_code TEXT NOT NULL,
     area_id TEXT NOT NULL,
     at TEXT NOT NULL
   );
   CREATE TABLE ratings (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     event_kind TEXT NOT NULL CHECK (event_kind IN ('ticket', 'checkIn', 'guide', 'print')),
     event_ref TEXT NOT NULL,
     area_id TEXT,
     channel TEXT NOT NULL DEFAULT 'kiosk',
     level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
     reasons TEXT NOT NULL DEFAULT '[]',
     comment TEXT,
     created_at TEXT NOT NULL,
     UNIQUE (event_kind, event_ref)
   );
   CREATE TABLE rating_outbox (
     rating_id INTEGER PRIMARY KEY REFERENCES ratings(id),
     idempotency_key TEXT NOT NULL UNIQUE,
     state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'rejected')),
     attempts INTEGER NOT NULL DEFAULT 0,
     next_attempt_at TEXT NOT NULL,
     last_error TEXT,
     delivered_at TEXT
   );
   CREATE INDEX rating_outbox_due ON rating_outbox(state, next_attempt_at);`,
  // 6: technicians: device statistics (UnifiedPOS names), the device event log, the audit log.
  `CREATE TABLE device_statistics (
     device TEXT NOT NULL,
     name TEXT NOT NULL,
     value REAL NOT NULL,
     updated_at TEXT NOT NULL,
     PRIMARY KEY (device, name)
   );
   CREATE TABLE device_events (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     at TEXT NOT NULL,
     device TEXT NOT NULL,
     state TEXT NOT NULL,
     paper TEXT,
     detail TEXT
   );
   CREATE INDEX device_events_by_device ON device_events(device, id);
   CREATE TABLE audit_log (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     at TEXT NOT NULL,
     actor TEXT NOT NULL,
     action TEXT NOT NULL,
     detail TEXT
   );`,
  // 7: hall mode: a ticket's print job names the hall's ticket (its id and number), which is not a
  //    row of this database.
  `ALTER TABLE print_jobs ADD COLUMN hall_ticket_id INTEGER;
   ALTER TABLE print_jobs ADD COLUMN hall_number TEXT;`,
  // 8: hall mode: tickets issued while the hall could not be reached (docs/queue.md#offline-issuing),
  //    kept until the hall has them; the kiosk's offline series and its clock's measured offset.
  `CREATE TABLE offline_series (
     device_id TEXT PRIMARY KEY,
     series INTEGER NOT NULL CHECK (series BETWEEN 1 AND 99),
     clock_offset_ms INTEGER,
     measured_at TEXT
   );
   CREATE TABLE offline_tickets (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     device_id TEXT NOT NULL,
     area_id TEXT NOT NULL,
     business_date TEXT NOT NULL,
     seq INTEGER NOT NULL,
     number TEXT NOT NULL,
     idempotency_key TEXT NOT NULL UNIQUE,
     issued_at_kiosk INTEGER NOT NULL,
     clock_offset_ms INTEGER,
     priority_reason TEXT,
     hall_digest TEXT,
     local_digest TEXT,
     state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'accepted', 'rejected')),
     hall_ticket_id INTEGER,
     failure TEXT,
     UNIQUE (device_id, area_id, business_date, seq),
     UNIQUE (business_date, number)
   );
   CREATE INDEX offline_tickets_pending ON offline_tickets(state, id);
   ALTER TABLE print_jobs ADD COLUMN offline_ticket_id INTEGER REFERENCES offline_tickets(id);`,
];
