export { DeviceLink, type DeviceLinkOptions, type LinkHooks } from './device-link.ts';
export { ReplyWaiters, ReplyTimeout, type ReplyFailure, type ExpectOptions } from './reply-waiters.ts';
export { Backoff, type BackoffPolicy } from './backoff.ts';
export { ExchangeQueue } from './exchange-queue.ts';
export { SingleTimer } from './single-timer.ts';
export { DeviceStatusCell } from './status-cell.ts';
