import {
  COMMON_ACTIONS,
  Emulator,
  type ControlAction,
  type ControlResult,
  type EmulatorOptions,
} from '../framework/emulator.ts';

/** How the emulated scanner talks: HID POS reports (usage page 0x8C) or a boot keyboard ("wedge"). */
export type ScannerMode = 'hidPos' | 'keyboardWedge';

export type ScannerEmulatorOptions = EmulatorOptions & { mode?: ScannerMode };

/** AIM symbology identifiers and the Honeywell code ids that go with them (devices.md §3). */
const SYMBOLOGIES: Record<string, { aim: string; codeId: number }> = {
  QR: { aim: ']Q1', codeId: 0x73 },
  CODE128: { aim: ']C0', codeId: 0x6a },
  EAN13: { aim: ']E0', codeId: 0x64 },
};

const HID_POS_DATA_BYTES = 56;
/** Report body after the report id: length, AIM id (3), data (56), code id, reserved, flags. */
export const HID_POS_BODY_BYTES = 63;

/**
 * One HID POS input report body (the report id 0x02 is not part of the stream): byte 0 the data
 * length, 1–3 the AIM id, 4–59 data, 60 the vendor code id, 61 reserved, 62 bit 0 "more follows".
 * Written here from the layout in devices.md §3, independently of the daemon's decoder.
 */
function hidPosBodies(data: Uint8Array, aim: string, codeId: number): Uint8Array[] {
  const bodies: Uint8Array[] = [];
  for (let i = 0; i < Math.max(1, data.length); i += HID_POS_DATA_BYTES) {
    const chunk = data.subarray(i, i + HID_POS_DATA_BYTES);
    const body = new Uint8Array(HID_POS_BODY_BYTES);
    body[0] = chunk.length;
    body.set(Buffer.from(aim, 'latin1'), 1);
    body.set(chunk, 4);
    body[60] = codeId;
    body[62] = i + HID_POS_DATA_BYTES < data.length ? 1 : 0;
    bodies.push(body);
  }
  return bodies;
}

/** US keyboard: character → [modifier, usage id] of the boot keyboard report. */
function keyFor(ch: string): [number, number] | null {
  const SHIFT = 0x02;
  const c = ch.charCodeAt(0);
  if (ch >= 'a' && ch <= 'z') return [0, 0x04 + c - 97];
  if (ch >= 'A' && ch <= 'Z') return [SHIFT, 0x04 + c - 65];
  if (ch >= '1' && ch <= '9') return [0, 0x1e + c - 49];
  if (ch === '0') return [0, 0x27];
  const plain = " -=[]\\;',./";
  const plainCodes = [0x2c, 0x2d, 0x2e, 0x2f, 0x30, 0x31, 0x33, 0x34, 0x36, 0x37, 0x38];
  const shifted = '!@#$%^&*()_+{}|:"<>?';
  const shiftedCodes = [
    0x1e, 0x1f, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x2d, 0x2e, 0x2f, 0x30, 0x31, 0x33, 0x34,
    0x36, 0x37, 0x38,
  ];
  if (plain.includes(ch)) return [0, plainCodes[plain.indexOf(ch)]!];
  if (shifted.includes(ch)) return [SHIFT, shiftedCodes[shifted.indexOf(ch)]!];
  return null;
}

/**
 * A handheld or built-in 2D scanner. It only ever sends: on a `scan` action it emits the code as HID POS
 * report bodies, or as boot-keyboard key presses and releases ending in Enter.
 */
export class ScannerEmulator extends Emulator {
  readonly kind = 'codeScanner';
  readonly actions = [...COMMON_ACTIONS, 'scan', 'garbage'] as const;
  readonly mode: ScannerMode;
  #scans = 0;

  constructor(options: ScannerEmulatorOptions = {}) {
    super(options);
    this.mode = options.mode ?? 'hidPos';
  }

  /** The scanner has no commands to answer. */
  protected onHostBytes(): void {}

  protected deviceControl(action: ControlAction): ControlResult {
    switch (action.action) {
      case 'scan': {
        const code = typeof action.code === 'string' ? action.code : '';
        const symbology = typeof action.symbology === 'string' ? action.symbology : 'QR';
        const sym = SYMBOLOGIES[symbology];
        if (!code || code.length > 1024) return { ok: false, error: 'code must be 1–1024 characters' };
        if (!sym)
          return { ok: false, error: `symbology must be one of ${Object.keys(SYMBOLOGIES).join(', ')}` };
        if (this.mode === 'hidPos') {
          for (const body of hidPosBodies(Buffer.from(code, 'utf8'), sym.aim, sym.codeId)) this.send(body);
        } else {
          const keys = [...code].map(keyFor);
          if (keys.some((k) => k === null))
            return { ok: false, error: 'a keyboard wedge types printable ASCII only' };
          for (const [mod, usage] of [...(keys as [number, number][]), [0, 0x28] as [number, number]]) {
            this.send(Uint8Array.of(mod, 0, usage, 0, 0, 0, 0, 0));
            this.send(new Uint8Array(8));
          }
        }
        this.#scans++;
        this.emit('changed');
        return { ok: true };
      }
      case 'garbage': {
        const n = Number(action.bytes ?? 17);
        this.send(Uint8Array.from({ length: n }, (_, i) => (i * 37 + 11) & 0xff));
        return { ok: true };
      }
      default:
        return { ok: false, error: `unknown action ${action.action}` };
    }
  }

  protected deviceSnapshot(): Record<string, unknown> {
    return { mode: this.mode, scans: this.#scans };
  }
}
