import { defineKind } from '../kind.ts';
import { presenterProfile } from './presenter.ts';
import { EscPosPrinterDriver } from './printer-driver.ts';

/** ESC/POS thermal printers: the ticket printer and the receipt printer. */
export const escPosPrinterKind = defineKind({
  kind: 'escposPrinter',
  devices: ['ticketPrinter', 'receiptPrinter'],
  emulatorOptions: (config) => ({ presenter: config.presenter.profile }),
  hidDefaults: () => ({}),
  build: (device, config, { transport, clock, log }) =>
    new EscPosPrinterDriver({
      name: device,
      transport,
      clock,
      log,
      statusPollMs: config.statusPollMs,
      automaticStatusBack: config.automaticStatusBack,
      presenter: presenterProfile(config.presenter.profile),
      retractAfterMs: config.presenter.retractAfterSeconds * 1000,
    }),
});
