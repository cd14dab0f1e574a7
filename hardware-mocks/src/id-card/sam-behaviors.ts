import type { EmulatorBehavior } from '../framework/behaviors.ts';
import { SAM_NOISE } from '../fixtures/sam-frames.ts';
import type { SamReaderEmulator } from './sam-reader-emulator.ts';

/** A behaviour of the SAM reader: it may also take whole commands (`cmd`, `para`) before the reader does. */
export interface SamReaderBehavior extends EmulatorBehavior<SamReaderEmulator> {
  /** A well-formed command frame from the host; true when the behaviour has answered it. */
  onCommand?(reader: SamReaderEmulator, cmd: number, para: number): boolean;
}

const RESET_SAM = 0x10ff;
const READ_TEXT_PHOTO = 0x3001;
const READ_TEXT_PHOTO_FINGERPRINT = 0x3010;

/**
 * The SAM fails its self-test: every command but "reset SAM" is answered 0x60; a reset clears it
 * (the reader then answers as usual).
 */
export function samSelfTestFailure(): SamReaderBehavior {
  return {
    name: 'samFail',
    // Before other command behaviours: a failed SAM answers nothing else.
    order: 40,
    onCommand: (reader, cmd, para) => {
      if (((cmd << 8) | para) === RESET_SAM) {
        reader.removeBehavior('samFail');
        return false;
      }
      reader.reply(0x60);
      return true;
    },
    snapshot: () => ({ samFailed: true }),
  };
}

/** The next read of a selected card finds it lifted: the card is gone and the read answers 0x41. */
export function liftDuringRead(): SamReaderBehavior {
  return {
    name: 'liftDuringRead',
    onCommand: (reader, cmd, para) => {
      const key = (cmd << 8) | para;
      if (key !== READ_TEXT_PHOTO && key !== READ_TEXT_PHOTO_FINGERPRINT) return false;
      if (!reader.card || !reader.selected) return false;
      reader.removeBehavior('liftDuringRead');
      reader.removeCard();
      reader.reply(0x41);
      return true;
    },
    snapshot: () => ({ liftDuringRead: true }),
  };
}

/** Line noise, with a false preamble in it (fixtures: SAM_NOISE), before every reply. */
export function garbageBeforeReplies(): SamReaderBehavior {
  return {
    name: 'garbage',
    order: 10,
    onSend: (_reader, bytes, forward) => {
      const out = new Uint8Array(SAM_NOISE.length + bytes.length);
      out.set(SAM_NOISE);
      out.set(bytes, SAM_NOISE.length);
      forward(out);
      return true;
    },
    snapshot: () => ({ garbage: true }),
  };
}

/** Every reply arrives in three pieces, cut inside the preamble and inside the body. */
export function splitFrames(): SamReaderBehavior {
  return {
    name: 'splitFrames',
    order: 20,
    onSend: (_reader, bytes, forward) => {
      if (bytes.length <= 3) return false;
      const a = 3;
      const b = Math.max(a + 1, bytes.length >> 1);
      forward(bytes.subarray(0, a));
      forward(bytes.subarray(a, b));
      forward(bytes.subarray(b));
      return true;
    },
    snapshot: () => ({ splitFrames: true }),
  };
}
