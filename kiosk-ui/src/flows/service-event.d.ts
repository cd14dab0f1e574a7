import type { ServiceEventKind } from '@hall-kiosk/shared';
/** What a finished flow did that can be rated (好差评, 一次一评); null when nothing was done. */
export type ServiceEvent = {
  kind: ServiceEventKind;
  ref: string;
};
export type FlowOutput = {
  serviceEvent: ServiceEvent | null;
};
