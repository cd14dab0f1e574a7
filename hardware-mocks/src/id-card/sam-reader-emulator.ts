import {
  Emulator,
  type ControlAction,
  type ControlResult,
  type EmulatorOptions,
} from '../framework/emulator.ts';
import { SAMPLE_CARDS, encodeTextBlock, photoBlob, type SampleCard } from './sample-cards.ts';
import {
  garbageBeforeReplies,
  liftDuringRead,
  samSelfTestFailure,
  splitFrames,
  type SamReaderBehavior,
} from './sam-behaviors.ts';

// The emulator's own small frame codec, written independently of the daemon's, so each checks the other.
const PRE = [0xaa, 0xaa, 0xaa, 0x96, 0x69];
function frame(sw3: number, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const len = data.length + 4; // SW1 SW2 SW3 + data + CHK
  const bytes = [...PRE, len >> 8, len & 0xff, 0x00, 0x00, sw3, ...data];
  let chk = 0;
  for (let i = 5; i < bytes.length; i++) chk ^= bytes[i]!;
  return Uint8Array.from([...bytes, chk]);
}

const BAUDS = [115200, 57600, 38400, 19200, 9600];

export type SamReaderOptions = EmulatorOptions & {
  /** Time the card needs to answer a read over RF (ms); 0 measures the serial link alone. */
  readDelayMs?: number;
};

/**
 * A GA/T 467 SAM ID-card reader: answers reset, SAM status, SAM ID, find, select, read (text+photo,
 * with fingerprint, appended address) and set-baud byte for byte, for a card placed on it from the
 * sample set. Faults are behaviours (sam-behaviors.ts): card lifted mid-read, SAM self-test failure,
 * garbage bytes, split frames, plus every emulator's slow replies and no reply; and unplugging.
 */
export class SamReaderEmulator extends Emulator {
  readonly kind = 'samIdCardReader';
  readonly actions = [
    'placeCard',
    'removeCard',
    'liftDuringRead',
    'samFail',
    'samOk',
    'garbage',
    'splitFrames',
  ] as const;
  readonly cards = SAMPLE_CARDS;

  #rx: number[] = [];
  #card: SampleCard | null = null;
  #selected = false;
  #readDelayMs: number;
  stats = { commands: 0, reads: 0, badFrames: 0 };

  constructor(options: SamReaderOptions = {}) {
    super(options);
    this.#readDelayMs = options.readDelayMs ?? 0;
  }

  get card(): SampleCard | null {
    return this.#card;
  }

  /** Whether the card on the reader has been selected (and not yet read). */
  get selected(): boolean {
    return this.#selected;
  }

  /** Plugs in SAM behaviours (faults), which may also take whole commands. */
  defineSamBehavior(...behaviors: SamReaderBehavior[]): void {
    this.defineBehavior(...behaviors);
  }

  get currentBaud(): number {
    return this.baudRate ?? 115200;
  }

  placeCard(id: string): boolean {
    const card = SAMPLE_CARDS.find((c) => c.id === id);
    if (!card) return false;
    this.#card = card;
    this.#selected = false;
    this.emit('changed');
    return true;
  }

  removeCard(): void {
    this.#card = null;
    this.#selected = false;
    this.emit('changed');
  }

  protected onHostBytes(bytes: Uint8Array): void {
    this.#rx.push(...bytes);
    for (;;) {
      const start = this.#findPreamble();
      if (start < 0) {
        this.#rx = this.#rx.slice(-4);
        return;
      }
      this.#rx = this.#rx.slice(start);
      if (this.#rx.length < 7) return;
      const len = (this.#rx[5]! << 8) | this.#rx[6]!;
      if (len < 3 || len > 64) {
        this.stats.badFrames++;
        this.#reply(frame(0x11));
        this.#rx = this.#rx.slice(1);
        continue;
      }
      if (this.#rx.length < 7 + len) return;
      const f = this.#rx.slice(0, 7 + len);
      this.#rx = this.#rx.slice(7 + len);
      let chk = 0;
      for (let i = 5; i < f.length - 1; i++) chk ^= f[i]!;
      if (chk !== f[f.length - 1]) {
        this.stats.badFrames++;
        this.#reply(frame(0x10));
        continue;
      }
      this.stats.commands++;
      this.#command(f[7]!, f[8]!);
    }
  }

  #findPreamble(): number {
    outer: for (let i = 0; i + 5 <= this.#rx.length; i++) {
      for (let k = 0; k < 5; k++) if (this.#rx[i + k] !== PRE[k]) continue outer;
      return i;
    }
    return -1;
  }

  #command(cmd: number, para: number): void {
    for (const b of this.activeBehaviors as readonly SamReaderBehavior[])
      if (b.onCommand?.(this, cmd, para)) return;
    const key = (cmd << 8) | para;
    switch (key) {
      case 0x10ff: // reset SAM
        this.#reply(frame(0x90));
        return;
      case 0x11ff: // SAM status
        this.#reply(frame(0x90));
        return;
      case 0x12ff: // SAM id: two version bytes, then little-endian fields
        this.#reply(
          frame(
            0x90,
            Uint8Array.of(5, 0, 1, 0, 0x2f, 0x69, 0x34, 0x01, 0x40, 0xe2, 0x01, 0x00, 0x2a, 0, 0, 0),
          ),
        );
        return;
      case 0x2001: // find
        this.#selected = false;
        this.#reply(this.#card ? frame(0x9f, new Uint8Array(4)) : frame(0x80));
        return;
      case 0x2002: // select
        if (!this.#card) return this.#reply(frame(0x81));
        this.#selected = true;
        this.#reply(frame(0x90, new Uint8Array(8)));
        return;
      case 0x3001:
      case 0x3010:
        this.#read(para === 0x10);
        return;
      case 0x3003: {
        if (!this.#card || !this.#selected) return this.#reply(frame(0x41));
        this.#reply(frame(0x91));
        return;
      }
      default:
        if (cmd === 0x60 && para < BAUDS.length) {
          this.#reply(frame(0x90));
          this.setBaudRate(BAUDS[para]!);
          return;
        }
        this.#reply(frame(0x21));
    }
  }

  #read(withFingerprint: boolean): void {
    const card = this.#card;
    if (!card || !this.#selected) {
      this.#reply(frame(0x41));
      return;
    }
    this.#selected = false;
    this.stats.reads++;
    const text = encodeTextBlock(card);
    const photo = photoBlob(card);
    const fp = withFingerprint
      ? new Uint8Array(512 * (card.fingerprints ?? 0)).fill(0x5a)
      : new Uint8Array(0);
    const header = withFingerprint
      ? [0x01, 0x00, 0x04, 0x00, fp.length >> 8, fp.length & 0xff]
      : [0x01, 0x00, 0x04, 0x00];
    const data = new Uint8Array(header.length + text.length + photo.length + fp.length);
    data.set(header, 0);
    data.set(text, header.length);
    data.set(photo, header.length + text.length);
    data.set(fp, header.length + text.length + photo.length);
    const reply = frame(0x90, data);
    if (this.#readDelayMs > 0) this.clock.setTimeout(() => this.#reply(reply), this.#readDelayMs);
    else this.#reply(reply);
  }

  #toggle(behavior: SamReaderBehavior, on: boolean): void {
    if (on) this.defineSamBehavior(behavior);
    else this.removeBehavior(behavior.name);
  }

  /** Answers with status SW3 (and data), framed; for the reader itself and its behaviours. */
  reply(sw3: number, data?: Uint8Array): void {
    this.#reply(frame(sw3, data));
  }

  #reply(bytes: Uint8Array): void {
    this.send(bytes);
  }

  protected deviceControl(action: ControlAction): ControlResult {
    switch (action.action) {
      case 'placeCard': {
        const id = typeof action.card === 'string' ? action.card : 'resident';
        if (!this.placeCard(id))
          return {
            ok: false,
            error: `no sample card ${id}; one of ${SAMPLE_CARDS.map((c) => c.id).join(', ')}`,
          };
        return { ok: true };
      }
      case 'removeCard':
        this.removeCard();
        return { ok: true };
      case 'liftDuringRead':
        this.defineSamBehavior(liftDuringRead());
        break;
      case 'samFail':
        this.defineSamBehavior(samSelfTestFailure());
        break;
      case 'samOk':
        this.removeBehavior('samFail');
        break;
      case 'garbage':
        this.#toggle(garbageBeforeReplies(), action.on !== false);
        break;
      case 'splitFrames':
        this.#toggle(splitFrames(), action.on !== false);
        break;
      default:
        return { ok: false, error: `unknown action ${action.action}` };
    }
    this.emit('changed');
    return { ok: true };
  }

  protected deviceSnapshot(): Record<string, unknown> {
    return {
      // The control page shows which sample is on the reader, never its personal data.
      card: this.#card ? { id: this.#card.id, label: this.#card.label } : null,
      samples: SAMPLE_CARDS.map((c) => ({ id: c.id, label: c.label })),
      samFailed: this.hasBehavior('samFail'),
      liftDuringRead: this.hasBehavior('liftDuringRead'),
      garbage: this.hasBehavior('garbage'),
      splitFrames: this.hasBehavior('splitFrames'),
      baudRate: this.currentBaud,
      stats: { ...this.stats },
    };
  }
}
