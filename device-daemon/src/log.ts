import pino from 'pino';

/**
 * Structured JSON logs (one object a line) on stderr, where systemd's journal or a CI log collects
 * them. Identity data never reaches a log: drivers log masked values only, and the paths below are
 * censored as a second line of defence.
 */
export type Logger = pino.Logger;

export const REDACTED_PATHS = ['*.idNumber', '*.name', '*.address', '*.photo', 'identity', '*.identity'];

export function createLogger(options: { level?: string; destination?: pino.DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? process.env.KIOSK_LOG_LEVEL ?? 'info',
      base: { app: 'kiosk-daemon' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination ?? pino.destination(2),
  );
}

/** A logger that drops everything, for unit tests. */
export const silentLogger: Logger = pino({ level: 'silent' });
