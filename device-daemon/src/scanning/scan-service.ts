import type { CompletionPayload } from '@hall-kiosk/shared';
import { CommandError } from '../core/command-error.ts';
import type { CodeScannerDriver } from '../devices/scanner/scanner-driver.ts';

/** Serves Scanner.Read: arms the scanner and answers with the next code; cancellable. */
export class ScanService {
  #pending = new Set<() => void>();

  constructor(private readonly scanner: () => CodeScannerDriver | undefined) {}

  read(): Promise<CompletionPayload<'Scanner.Read'>> {
    const scanner = this.scanner();
    if (!scanner) throw new CommandError('deviceNotReady', 'no code scanner is configured');
    if (scanner.status.state !== 'online') {
      throw new CommandError(
        'deviceNotReady',
        `the scanner is ${scanner.status.state}: ${scanner.status.detail ?? ''}`,
      );
    }
    return new Promise((resolve, reject) => {
      const disarm = scanner.arm();
      const cleanup = () => {
        disarm();
        scanner.off('scan', onScan);
        scanner.off('status', onStatus);
        this.#pending.delete(cancel);
      };
      const onScan: Parameters<typeof scanner.on<'scan'>>[1] = (scan) => {
        cleanup();
        resolve(scan);
      };
      const onStatus = () => {
        if (scanner.status.state === 'online') return;
        cleanup();
        reject(new CommandError('deviceNotReady', `the scanner went ${scanner.status.state}`));
      };
      const cancel = () => {
        cleanup();
        reject(new CommandError('canceled', 'scan cancelled'));
      };
      scanner.on('scan', onScan);
      scanner.on('status', onStatus);
      this.#pending.add(cancel);
    });
  }

  cancelAll(): void {
    for (const cancel of [...this.#pending]) cancel();
  }
}
