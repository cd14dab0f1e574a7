import { encodeFrame } from './sam-frame.ts';

/** The reader's commands (CMD, PARA). */
export const SAM_COMMANDS = {
  resetSam: [0x10, 0xff],
  samStatus: [0x11, 0xff],
  samId: [0x12, 0xff],
  findCard: [0x20, 0x01],
  selectCard: [0x20, 0x02],
  readTextPhoto: [0x30, 0x01],
  readAppendedAddress: [0x30, 0x03],
  readTextPhotoFingerprint: [0x30, 0x10],
} as const satisfies Record<string, readonly [number, number]>;
export type SamCommandName = keyof typeof SAM_COMMANDS;

/** Baud rates the reader can be switched to, and their PARA for command 0x60. */
export const SAM_BAUD_RATES = [115200, 57600, 38400, 19200, 9600] as const;
export type SamBaudRate = (typeof SAM_BAUD_RATES)[number];

export function commandFrame(name: SamCommandName): Uint8Array {
  return encodeFrame(Uint8Array.from(SAM_COMMANDS[name]));
}

export function setBaudRateFrame(rate: SamBaudRate): Uint8Array {
  return encodeFrame(Uint8Array.of(0x60, SAM_BAUD_RATES.indexOf(rate)));
}

/** What the reader's own status byte (SW3) says. */
export type Sw3Kind =
  | 'success'
  | 'cardFound'
  | 'noContent'
  | 'checksumError'
  | 'lengthError'
  | 'commandError'
  | 'unauthorized'
  | 'unrecognisedError'
  | 'cardAuthFailed'
  | 'samAuthFailed'
  | 'verificationError'
  | 'unknownCardType'
  | 'readFailed'
  | 'randomNumberFailed'
  | 'samSelfTestFailed'
  | 'samNotAuthorised'
  | 'noCard'
  | 'selectFailed'
  | 'unknown';

export const SW3: Record<number, { kind: Sw3Kind; text: string }> = {
  0x90: { kind: 'success', text: 'success' },
  0x9f: { kind: 'cardFound', text: 'card found' },
  0x91: { kind: 'noContent', text: 'the card has no content for this item' },
  0x10: { kind: 'checksumError', text: 'the reader received a frame with a bad checksum' },
  0x11: { kind: 'lengthError', text: 'the reader received a frame with a bad length' },
  0x21: { kind: 'commandError', text: 'the reader received an unknown command' },
  0x23: { kind: 'unauthorized', text: 'unauthorised operation' },
  0x24: { kind: 'unrecognisedError', text: 'unrecognised error' },
  0x31: { kind: 'cardAuthFailed', text: 'the card failed to authenticate the SAM' },
  0x32: { kind: 'samAuthFailed', text: 'the SAM failed to authenticate the card' },
  0x33: { kind: 'verificationError', text: 'information verification error' },
  0x40: { kind: 'unknownCardType', text: 'unrecognised card type' },
  0x41: { kind: 'readFailed', text: 'card read failed' },
  0x47: { kind: 'randomNumberFailed', text: 'random number failed' },
  0x60: { kind: 'samSelfTestFailed', text: 'SAM self-test failed' },
  0x66: { kind: 'samNotAuthorised', text: 'SAM not authorised' },
  0x80: { kind: 'noCard', text: 'no card (find failed)' },
  0x81: { kind: 'selectFailed', text: 'select card failed' },
};

export function sw3(code: number): { code: number; kind: Sw3Kind; text: string } {
  const known = SW3[code];
  return {
    code,
    ...(known ?? {
      kind: 'unknown' as const,
      text: `unknown status 0x${code.toString(16).padStart(2, '0')}`,
    }),
  };
}

export type SamResponse = { sw1: number; sw2: number; status: ReturnType<typeof sw3>; data: Uint8Array };

/** A reply body (SW1 SW2 SW3 DATA…) as a typed response; null when it is too short to be one. */
export function parseResponse(body: Uint8Array): SamResponse | null {
  if (body.length < 3) return null;
  return { sw1: body[0]!, sw2: body[1]!, status: sw3(body[2]!), data: body.slice(3) };
}

export type CardRead = { text: Uint8Array; photo: Uint8Array; fingerprint: Uint8Array | null };

/**
 * The data of a read reply: TEXT_LEN(2) PHOTO_LEN(2) [FP_LEN(2)] TEXT PHOTO [FP], lengths big-endian.
 * Returns a reason string when the lengths do not add up.
 */
export function parseReadData(data: Uint8Array, withFingerprint: boolean): CardRead | string {
  const header = withFingerprint ? 6 : 4;
  if (data.length < header) return `read reply too short (${data.length} bytes)`;
  const textLen = (data[0]! << 8) | data[1]!;
  const photoLen = (data[2]! << 8) | data[3]!;
  const fpLen = withFingerprint ? (data[4]! << 8) | data[5]! : 0;
  if (textLen !== 256) return `text block of ${textLen} bytes (expected 256)`;
  if (photoLen !== 1024) return `photo of ${photoLen} bytes (expected 1024)`;
  if (header + textLen + photoLen + fpLen !== data.length) {
    return `read reply lengths ${textLen}+${photoLen}+${fpLen} do not match ${data.length - header} data bytes`;
  }
  const text = data.slice(header, header + textLen);
  const photo = data.slice(header + textLen, header + textLen + photoLen);
  const fingerprint = withFingerprint && fpLen > 0 ? data.slice(header + textLen + photoLen) : null;
  return { text, photo, fingerprint };
}

/**
 * The SAM's identity, as printed on its label: `05.01-20231015-0000123456-0000000042`-style, from the
 * 16 data bytes (two single bytes, then little-endian 32-bit fields). Zero-padding of the last fields
 * to 10 digits follows the majority of implementations (see docs).
 */
export function formatSamId(data: Uint8Array): string {
  if (data.length < 16) return `(short SAM id: ${data.length} bytes)`;
  const v = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const two = (n: number) => String(n).padStart(2, '0');
  return [
    `${two(data[0]!)}.${two(data[2]!)}`,
    String(v.getUint32(4, true)).padStart(8, '0'),
    String(v.getUint32(8, true)).padStart(10, '0'),
    String(v.getUint32(12, true)).padStart(10, '0'),
  ].join('-');
}
