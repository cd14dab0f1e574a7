import * as z from 'zod/mini';
import { LocalizedText, ServiceArea, WeeklyHours } from '@hall-kiosk/shared';

/** Baud rates the devices we drive support (GA/T 467 SAM readers: 9600–115200). */
export const BAUD_RATES = [9600, 19200, 38400, 57600, 115200] as const;

const HexId = z.string().check(z.regex(/^0x[0-9a-fA-F]{4}$/, 'must be a 4-digit hex id like 0x0c2e'));
/** A USB serial number as udev sees it (ATTRS{serial}); letters, digits and . _ - only, so it is safe in a rule. */
const UsbSerialNumber = z
  .string()
  .check(z.regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be 1–64 letters, digits, dots, dashes or underscores'));

/** Which USB device this is, so `kiosk udev-rules` can give it a stable name (/dev/kiosk-…). */
const UsbIdentity = z.strictObject({
  vendorId: HexId,
  productId: HexId,
  /** Tells two identical adapters apart. */
  serialNumber: z.optional(UsbSerialNumber),
});

const SerialConnection = z.strictObject({
  /** Device path: the stable name from `kiosk udev-rules` (/dev/kiosk-id-reader), or /dev/ttyS0 for a built-in port. */
  serial: z.string().check(z.minLength(1)),
  baudRate: z._default(z.literal(BAUD_RATES), 115200),
  /** The USB-serial adapter behind `serial`, for the udev rule that names it. */
  usb: z.optional(UsbIdentity),
});

const TcpConnection = z.strictObject({
  /** host:port, e.g. 192.168.1.60:9100. */
  tcp: z.string().check(
    z.refine((s) => {
      const m = /^[A-Za-z0-9.-]+:(\d{1,5})$/.exec(s);
      return m !== null && Number(m[1]) >= 1 && Number(m[1]) <= 65535;
    }, 'must be host:port with a port of 1–65535, e.g. 192.168.1.60:9100'),
  ),
});

const HidConnection = z.strictObject({
  hid: z.strictObject({
    vendorId: HexId,
    productId: HexId,
    /** Tells two identical HID devices apart (udev ATTRS{serial}). */
    serialNumber: z.optional(UsbSerialNumber),
    /** How the device carries bytes in reports; defaults suit most "driver-free" SAM readers (docs/devices/id-card.md). */
    profile: z.optional(
      z.strictObject({
        reportSize: z._default(z.int().check(z.minimum(8), z.maximum(1024)), 64),
        reportId: z._default(z.int().check(z.minimum(0), z.maximum(255)), 0),
        framing: z._default(z.enum(['lengthPrefixed', 'raw']), 'lengthPrefixed'),
        inputHasReportId: z._default(z.boolean(), false),
      }),
    ),
  }),
});

const EmulatedConnection = z.strictObject({
  /** An emulator inside the daemon (demo mode, tests); options are passed to it. */
  emulated: z.strictObject({
    /** Pace replies at this baud rate, as a serial line would. */
    baudRate: z.optional(z.literal(BAUD_RATES)),
    /** Printers: lines of paper on the roll (absent: endless). */
    paperLines: z.optional(z.int().check(z.nonnegative())),
  }),
});

export const Connection = z.union([SerialConnection, TcpConnection, HidConnection, EmulatedConnection]);
export type Connection = z.infer<typeof Connection>;
export type EmulatedConnection = z.infer<typeof EmulatedConnection>;

const PrinterConfig = z.strictObject({
  connection: Connection,
  /** Paper width in millimetres. */
  paperWidth: z._default(z.literal([58, 80]), 80),
  /** Ask the printer to report status changes by itself (GS a). Polling continues as a safety net. */
  automaticStatusBack: z._default(z.boolean(), false),
  /** How often an idle printer's status is polled, in ms. */
  statusPollMs: z._default(z.int().check(z.minimum(500), z.maximum(600_000)), 5000),
  /** Kiosk printers with a presenter: which vendor's commands, and when an untaken ticket is retracted. */
  presenter: z._default(
    z.strictObject({
      profile: z._default(z.enum(['none', 'custom', 'citizen']), 'none'),
      retractAfterSeconds: z._default(z.int().check(z.minimum(5), z.maximum(600)), 30),
    }),
    { profile: 'none', retractAfterSeconds: 30 },
  ),
});
export type PrinterConfig = z.infer<typeof PrinterConfig>;

const ScannerConfig = z.strictObject({
  connection: Connection,
  /** HID POS reports (usage page 0x8C) or a keyboard wedge (boot keyboard reports). */
  protocol: z._default(z.enum(['hidPos', 'keyboardWedge']), 'hidPos'),
});

const IdCardReaderConfig = z.strictObject({
  connection: Connection,
  /** Pause between polls of the card field (ms). */
  pollMs: z._default(z.int().check(z.minimum(50), z.maximum(5000)), 250),
  /** Read fingerprint templates too (command 30 10). Off: the kiosk has no use for them. */
  withFingerprint: z._default(z.boolean(), false),
});

/** An IANA time zone the runtime knows (Asia/Shanghai). */
export const TimeZone = z.string().check(
  z.refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone such as Asia/Shanghai'),
);

const LocalDate = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-10-01'));

/** An area of the hall as configured: what the kiosk shows, plus when it issues tickets and how many. */
export const AreaConfig = z.extend(ServiceArea, {
  /** Opening hours per weekday (`{"mon": ["08:30-12:00", "13:30-17:30"], …}`); absent: around the clock. */
  hours: z.optional(WeeklyHours),
  /** At most this many tickets a day. */
  dailyCap: z.optional(z.int().check(z.minimum(1), z.maximum(9999))),
});
export type AreaConfig = z.infer<typeof AreaConfig>;

const Counter = z.strictObject({
  /** Window number as called out: "请 A001 号到 3 号窗口". */
  id: z.string().check(z.regex(/^[0-9A-Za-z-]{1,8}$/, 'must be 1–8 letters or digits, e.g. 3 or B2')),
  /** Areas whose tickets this counter calls. */
  areaIds: z.array(z.string()).check(z.minLength(1)),
});

/** A scrypt hash made by `kiosk hash-pin` (never the PIN itself). */
const PinHash = z
  .string()
  .check(
    z.regex(
      /^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/,
      'must be a hash made by `kiosk hash-pin`',
    ),
  );

/**
 * How the kiosk proves itself to a system it calls (the booking system, the 好差评 system): a header
 * token, and/or a client certificate. Certificate files are PEM, relative to this config file, read at
 * start. Never user name and password in the URL (refused: they end up in logs).
 */
export const OutboundAuthConfig = z.strictObject({
  headerToken: z.optional(
    z.strictObject({
      /** The header's name (default `authorization`, then give the value as `Bearer …`). */
      name: z._default(
        z.string().check(z.regex(/^[A-Za-z0-9-]{1,64}$/, 'must be a header name like x-api-key')),
        'authorization',
      ),
      value: z.string().check(z.minLength(1), z.maxLength(4096)),
    }),
  ),
  clientCertificate: z.optional(
    z.strictObject({
      certFile: z.string().check(z.minLength(1)),
      keyFile: z.string().check(z.minLength(1)),
      /** The CA that signs the server's certificate, when it is not a public one. */
      caFile: z.optional(z.string().check(z.minLength(1))),
    }),
  ),
});
export type OutboundAuthConfig = z.infer<typeof OutboundAuthConfig>;

/**
 * 好差评 delivery to the provincial evaluation system: the endpoint and the back-off between attempts.
 * A kiosk's `ratings` section, and the hall server's (which delivers for every pad and kiosk).
 */
export const RatingsDelivery = z.strictObject({
  endpoint: z.strictObject({
    /** https:// (plain http only to this machine); no user name or password in it. */
    url: z.url({ protocol: /^https?$/ }),
    timeoutMs: z._default(z.int().check(z.minimum(100), z.maximum(60_000)), 10_000),
    auth: z.optional(OutboundAuthConfig),
  }),
  /** Back-off between delivery attempts: doubling from `initialMs`, capped at `maxMs`. */
  retry: z._default(
    z.strictObject({
      initialMs: z._default(z.int().check(z.minimum(100), z.maximum(600_000)), 2000),
      maxMs: z._default(z.int().check(z.minimum(1000), z.maximum(86_400_000)), 600_000),
    }),
    { initialMs: 2000, maxMs: 600_000 },
  ),
});

export const KioskConfig = z.strictObject({
  $schema: z.optional(z.string()),
  hall: z._default(
    z.strictObject({
      name: LocalizedText,
      timeZone: z._default(TimeZone, 'Asia/Shanghai'),
      /** The hall's opening hours, shown on the attract screen (absent: open around the clock). */
      hours: z.optional(WeeklyHours),
      /**
       * The hall server this kiosk takes its numbers from when `queue.mode` is `hall` (docs/hall.md):
       * its address and the credential `kiosk enrol` saved.
       */
      server: z.optional(
        z.strictObject({
          /** https:// only: the hall server, e.g. https://hall.local:8443 (as given to `kiosk enrol`). */
          url: z.url({ protocol: /^https$/ }),
          /** The credential file `kiosk enrol` wrote (relative to this file); default: hall-credential.json in dataDir. */
          credentialFile: z.optional(z.string().check(z.minLength(1))),
          /** One request to the hall gives up after this long (ms). */
          timeoutMs: z._default(z.int().check(z.minimum(200), z.maximum(60_000)), 5000),
          /** A ticket request is sent at most this many times (the same key each time) before the kiosk says the hall cannot be reached. */
          attempts: z._default(z.int().check(z.minimum(1), z.maximum(10)), 3),
          /**
           * How often the kiosk asks the hall for its offline series and clock, and sends the tickets it
           * issued while the hall could not be reached (ms; docs/queue.md#offline-issuing).
           */
          offlineSyncMs: z._default(z.int().check(z.minimum(100), z.maximum(600_000)), 5000),
        }),
      ),
    }),
    { name: { zh: '政务服务中心', en: 'Government Service Centre' }, timeZone: 'Asia/Shanghai' },
  ),
  server: z._default(
    z.strictObject({
      /**
       * The main listener (the kiosk page, its command API, maintenance, metrics): always a loopback
       * address (127.x.x.x, ::1 or localhost); anything else is refused (docs/configuration.md).
       */
      host: z._default(z.string(), '127.0.0.1'),
      port: z._default(z.int().check(z.minimum(0), z.maximum(65535)), 8080),
      /** The listener for other machines: the counter pages and the hall display only. */
      lan: z.optional(
        z.strictObject({
          host: z.string().check(z.minLength(1)),
          port: z._default(z.int().check(z.minimum(0), z.maximum(65535)), 8443),
          /** The names other machines reach it by (its DNS name, its address), besides `host`. */
          names: z._default(
            z.array(
              z
                .string()
                .check(z.regex(/^[A-Za-z0-9.:-]{1,253}$/, 'must be a host name or an address, no port')),
            ),
            [],
          ),
          /** Certificate and key (PEM files, relative to this config file); required off loopback. */
          tls: z.optional(
            z.strictObject({
              certFile: z.string().check(z.minLength(1)),
              keyFile: z.string().check(z.minLength(1)),
            }),
          ),
        }),
      ),
    }),
    { host: '127.0.0.1', port: 8080 },
  ),
  /** Where the daemon keeps its database; relative paths are relative to the config file. */
  dataDir: z._default(z.string().check(z.minLength(1)), '.kiosk-data'),
  queue: z._default(
    z.strictObject({
      /**
       * Where the queue lives: `local` (this kiosk's own database: a village station, the demo) or
       * `hall` (the hall server's, shared by every kiosk and window of the hall; needs `hall.server`).
       */
      mode: z._default(z.enum(['local', 'hall']), 'local'),
      /** 绿色通道: people at or above this age (from their ID card) get a priority ticket. */
      priorityAge: z._default(z.int().check(z.minimum(0), z.maximum(150)), 60),
      /** 绿色通道 for people who say they have a disability (no proof asked at the kiosk). */
      disabilityPriority: z._default(z.boolean(), true),
      /** 绿色通道 for appointment holders checking in. */
      appointmentPriority: z._default(z.boolean(), true),
      /** After this many priority calls in a row, one regular ticket is called (0: no priority in calling). */
      priorityPerRegular: z._default(z.int().check(z.minimum(0), z.maximum(20)), 2),
      /** Anti-hoarding: tickets per person (by ID card) per area per day; 0 = no limit. */
      maxTicketsPerIdentity: z._default(z.int().check(z.minimum(0), z.maximum(99)), 1),
      /**
       * While the ticket printer cannot print: `pause` taking tickets (the kiosk says 暂停取号 and what
       * still works), or `numberOnScreen` (issue anyway, the number and its QR code shown large).
       */
      whenTicketPrinterDown: z._default(z.enum(['pause', 'numberOnScreen']), 'pause'),
      /** When a ticket needs the ID card: never, for age priority only (the default), or always. */
      identify: z._default(z.enum(['never', 'priority', 'always']), 'priority'),
      /** Self-declared disability priority tickets per kiosk per day; 0 = no limit. */
      maxDeclaredDisabilityPerDay: z._default(z.int().check(z.minimum(0), z.maximum(100_000)), 0),
      /** Tickets without an ID card (and without a booking) per kiosk per day, then the card is needed; 0 = no limit. */
      maxWithoutCardPerDay: z._default(z.int().check(z.minimum(0), z.maximum(100_000)), 0),
      /** Public holidays: areas with opening hours are closed. */
      holidays: z._default(z.array(LocalDate), []),
      /** 调休: weekend days worked as a Monday. */
      makeUpWorkdays: z._default(z.array(LocalDate), []),
      /** Wait estimate: the mean of the last `sample` service times, once there are `minSample` today. */
      estimate: z._default(
        z.strictObject({
          sample: z._default(z.int().check(z.minimum(1), z.maximum(100)), 10),
          minSample: z._default(z.int().check(z.minimum(1), z.maximum(100)), 3),
        }),
        { sample: 10, minSample: 3 },
      ),
    }),
    {
      mode: 'local',
      priorityAge: 60,
      disabilityPriority: true,
      appointmentPriority: true,
      priorityPerRegular: 2,
      maxTicketsPerIdentity: 1,
      whenTicketPrinterDown: 'pause',
      identify: 'priority',
      maxDeclaredDisabilityPerDay: 0,
      maxWithoutCardPerDay: 0,
      holidays: [],
      makeUpWorkdays: [],
      estimate: { sample: 10, minSample: 3 },
    },
  ),
  /** The kiosk page itself. */
  ui: z._default(
    z.strictObject({
      /** At boot the page shows its device self-test for at least this long (0: only while devices are tried). */
      selfTestMinSeconds: z._default(z.int().check(z.minimum(0), z.maximum(30)), 2),
    }),
    { selfTestMinSeconds: 2 },
  ),
  /** Counter staff: the credential for the counter and hall-display pages, and the counters. */
  staff: z.optional(
    z.strictObject({
      pinHash: PinHash,
      /** Absent: one counter per area, numbered 1, 2, 3 … in the order of the areas. */
      counters: z.optional(z.array(Counter).check(z.minLength(1))),
      /** Staff sessions end after this long without use (minutes). */
      sessionMinutes: z._default(z.int().check(z.minimum(5), z.maximum(24 * 60)), 12 * 60),
      /** A hall display's read-only sign-in lasts this long, however often it is used (hours). */
      displaySessionHours: z._default(z.int().check(z.minimum(1), z.maximum(7 * 24)), 24),
    }),
  ),
  /** The service catalogue (办事指南); absent: the sample catalogue that ships with the kiosk. */
  catalogue: z.optional(
    z.strictObject({
      /** A catalogue JSON file (docs/catalogue.md), relative to this config file. */
      file: z.string().check(z.minLength(1)),
    }),
  ),
  /** 好差评: where ratings are delivered (the provincial evaluation system); absent: kept locally only. */
  ratings: z.optional(RatingsDelivery),
  /** Maintenance mode for technicians (the /maintenance page; `kiosk diag` needs no PIN: it is local). */
  maintenance: z.optional(
    z.strictObject({
      pinHash: PinHash,
      /** Technician ID cards, as `sha256("hall-kiosk-technician:" + ID number)` in hex (docs/diagnostics.md). */
      technicianCards: z._default(
        z.array(z.string().check(z.regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits'))),
        [],
      ),
      /** Maintenance mode ends by itself after this long without use (minutes). */
      idleMinutes: z._default(z.int().check(z.minimum(1), z.maximum(60)), 5),
    }),
  ),
  /** Appointment check-in (预约取号). */
  appointments: z.optional(
    z.strictObject({
      /** A JSON file of bookings (relative to this config file), or the booking system's HTTP API. */
      source: z.union([
        z.strictObject({ file: z.string().check(z.minLength(1)) }),
        z.strictObject({
          /** https:// (plain http only to this machine); no user name or password in it. */
          url: z.url({ protocol: /^https?$/ }),
          timeoutMs: z._default(z.int().check(z.minimum(100), z.maximum(60_000)), 5000),
          /** Replies larger than this are cut off and refused. */
          maxBytes: z._default(z.int().check(z.minimum(1024), z.maximum(64 * 1024 * 1024)), 4 * 1024 * 1024),
          auth: z.optional(OutboundAuthConfig),
        }),
      ]),
      /** Key shared with the booking system: bookings carry HMAC-SHA256(key, ID number). */
      digestKey: z.string().check(z.minLength(8)),
      window: z._default(
        z.strictObject({
          beforeMinutes: z._default(z.int().check(z.minimum(0), z.maximum(720)), 30),
          afterMinutes: z._default(z.int().check(z.minimum(0), z.maximum(720)), 15),
        }),
        { beforeMinutes: 30, afterMinutes: 15 },
      ),
    }),
  ),
  identity: z._default(
    z.strictObject({
      /** The daemon forgets an identity after this long even if the session never ends (ms). */
      maxHoldMs: z._default(z.int().check(z.minimum(10_000), z.maximum(3_600_000)), 600_000),
    }),
    { maxHoldMs: 600_000 },
  ),
  /** Service areas; absent means the nine areas of the default hall. */
  areas: z.optional(
    z.array(AreaConfig).check(
      z.minLength(1),
      z.refine((areas) => new Set(areas.map((a) => a.id)).size === areas.length, 'area ids must be unique'),
      z.refine(
        (areas) => new Set(areas.map((a) => a.prefix)).size === areas.length,
        'area prefixes must be unique',
      ),
    ),
  ),
  devices: z._default(
    z.strictObject({
      idCardReader: z.optional(IdCardReaderConfig),
      receiptPrinter: z.optional(PrinterConfig),
      ticketPrinter: z.optional(PrinterConfig),
      scanner: z.optional(ScannerConfig),
    }),
    {},
  ),
});
export type KioskConfig = z.infer<typeof KioskConfig>;
