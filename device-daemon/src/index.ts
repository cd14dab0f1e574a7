export {
  startDaemon,
  type RunningDaemon,
  type DaemonOptions,
  type DeviceEmulation,
  VERSION,
} from './app/start-daemon.ts';
export {
  loadConfigFile,
  parseConfig,
  configJsonSchema,
  ConfigError,
  type ResolvedConfig,
} from './config/load.ts';
export { createLogger, silentLogger, type Logger } from './log.ts';
export { EscPosBuilder, encodeGbk } from './devices/printer/escpos-encoder.ts';
export * from './devices/printer/status.ts';
export { EscPosPrinterDriver, type PrintResult } from './devices/printer/printer-driver.ts';
export { ticketSlip, ticketQrData } from './printing/ticket-slip.ts';
export {
  CredentialGuard,
  MIN_PIN_LENGTH,
  type GuardAuditEvent,
  type GuardOptions,
  type LoginResult,
} from './auth/credential-guard.ts';
export { hashPin, verifyPin } from './auth/pin-hash.ts';
export { readJsonBody, readBodyBytes, BodyError, MAX_BODY_BYTES } from './api/json-body.ts';
export {
  RatingOutbox,
  backOffMs,
  type BackOff,
  type DeliveryResult,
  type OutboxStore,
} from './ratings/rating-outbox.ts';
export type { OutboxRow } from './ratings/rating-store.ts';
export { scrubComment } from './ratings/scrub-comment.ts';
export {
  checkOutboundUrl,
  outboundRequest,
  OutboundError,
  redactUrl,
  type OutboundAuth,
  type OutboundRequest,
  type OutboundResponse,
} from './net/outbound.ts';
export { readOutboundAuth } from './net/outbound-auth.ts';
export { OutboundAuthConfig, RatingsDelivery, TimeZone } from './config/schema.ts';
