import * as z from 'zod/mini';
import { LocalizedText, ServiceArea } from '@hall-kiosk/shared';

/** Baud rates the devices we drive support (GA/T 467 SAM readers: 9600–115200). */
export const BAUD_RATES = [9600, 19200, 38400, 57600, 115200] as const;

const SerialConnection = z.strictObject({
  /** Device path, e.g. /dev/ttyUSB0. */
  serial: z.string().check(z.minLength(1)),
  baudRate: z._default(z.literal(BAUD_RATES), 115200),
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

const HexId = z.string().check(z.regex(/^0x[0-9a-fA-F]{4}$/, 'must be a 4-digit hex id like 0x0c2e'));
const HidConnection = z.strictObject({
  hid: z.strictObject({
    vendorId: HexId,
    productId: HexId,
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

const GenericDeviceConfig = z.strictObject({ connection: Connection });

const IdCardReaderConfig = z.strictObject({
  connection: Connection,
  /** Pause between polls of the card field (ms). */
  pollMs: z._default(z.int().check(z.minimum(50), z.maximum(5000)), 250),
  /** Read fingerprint templates too (command 30 10). Off: the kiosk has no use for them. */
  withFingerprint: z._default(z.boolean(), false),
});

const TimeZone = z.string().check(
  z.refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone such as Asia/Shanghai'),
);

export const KioskConfig = z.strictObject({
  $schema: z.optional(z.string()),
  hall: z._default(
    z.strictObject({
      name: LocalizedText,
      timeZone: z._default(TimeZone, 'Asia/Shanghai'),
    }),
    { name: { zh: '政务服务中心', en: 'Government Service Centre' }, timeZone: 'Asia/Shanghai' },
  ),
  server: z._default(
    z.strictObject({
      /** Loopback unless you really mean otherwise. */
      host: z._default(z.string(), '127.0.0.1'),
      port: z._default(z.int().check(z.minimum(0), z.maximum(65535)), 8080),
    }),
    { host: '127.0.0.1', port: 8080 },
  ),
  /** Where the daemon keeps its database; relative paths are relative to the config file. */
  dataDir: z._default(z.string().check(z.minLength(1)), '.kiosk-data'),
  queue: z._default(
    z.strictObject({
      /** 绿色通道: people at or above this age (from their ID card) get a priority ticket. */
      priorityAge: z._default(z.int().check(z.minimum(0), z.maximum(150)), 60),
    }),
    { priorityAge: 60 },
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
    z.array(ServiceArea).check(
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
      scanner: z.optional(GenericDeviceConfig),
    }),
    {},
  ),
});
export type KioskConfig = z.infer<typeof KioskConfig>;
