/**
 * Ticket presenters (the "mouth" of a kiosk ticket printer) are vendor-specific; there is no common
 * standard (devices.md §2.3). Each profile says how to present, retract and ask whether a ticket is
 * still waiting. Status-bit meanings marked UNVERIFIED come from a single manual or none; they live
 * here and nowhere else, so a correction is one line.
 */
export type PresenterProfileName = 'none' | 'custom' | 'citizen';

export interface PresenterProfile {
  readonly name: PresenterProfileName;
  /** Sent after the cut to hand the ticket out (empty when the cut itself presents it). */
  present(): Uint8Array;
  retract(): Uint8Array;
  statusRequest(): Uint8Array;
  /** Which reply pattern the status answer has (see status.ts). */
  readonly replyKind: 'realtime' | 'transmit';
  /** Whether the reply byte says a ticket is still in the mouth. */
  ticketWaiting(reply: number): boolean;
}

/** Custom (TPTCM112 family): GS e n. */
const custom: PresenterProfile = {
  name: 'custom',
  present: () => Uint8Array.of(0x1d, 0x65, 0x03, 0x0c), // present 12 steps
  retract: () => Uint8Array.of(0x1d, 0x65, 0x02), // KPM210 manual: n = 2 retracts (model-dependent)
  statusRequest: () => Uint8Array.of(0x1d, 0x65, 0x06), // n = 6: ejector status byte
  replyKind: 'transmit',
  // UNVERIFIED: bit 0 set = paper in the ejector.
  ticketWaiting: (b) => (b & 0x01) !== 0,
};

/** Citizen (PMU2300III family): GS R for retract; presenter paper status through DLE EOT 5. */
const citizen: PresenterProfile = {
  name: 'citizen',
  present: () => new Uint8Array(0), // the cut presents the ticket
  retract: () => Uint8Array.of(0x1d, 0x52, 0x30),
  statusRequest: () => Uint8Array.of(0x10, 0x04, 0x05),
  replyKind: 'realtime',
  // UNVERIFIED: bit 2 set = paper in the presenter.
  ticketWaiting: (b) => (b & 0x04) !== 0,
};

export const PRESENTER_PROFILES: Record<Exclude<PresenterProfileName, 'none'>, PresenterProfile> = {
  custom,
  citizen,
};

export function presenterProfile(name: PresenterProfileName): PresenterProfile | null {
  return name === 'none' ? null : PRESENTER_PROFILES[name];
}
