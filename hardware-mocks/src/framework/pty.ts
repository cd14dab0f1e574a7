import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { SerialPort } from 'serialport';
import type { Emulator } from './emulator.ts';

/**
 * Puts an emulator on a pseudo-terminal pair made by socat, so a separate process (the daemon) can
 * open `hostPath` with the real serialport native binding. Unplugging stops socat, so `hostPath`
 * disappears and the host's open port gets an I/O error, as with a USB-serial adapter pulled out;
 * plugging back starts socat again on the same path.
 */
export class PtyAttachment {
  #socat: ChildProcess | null = null;
  #port: SerialPort | null = null;
  #devPath: string;
  #closed = false;
  #onPlugged = (plugged: boolean) => {
    void (plugged ? this.#start() : this.#stop()).catch((error: unknown) => this.onError(error));
  };
  #onOutput = (bytes: Uint8Array) => {
    this.#port?.write(Buffer.from(bytes));
  };
  onError: (error: unknown) => void = () => {};

  constructor(
    private readonly emulator: Emulator,
    readonly hostPath: string,
    private readonly baudRate = emulator.baudRate ?? 115200,
  ) {
    this.#devPath = `${hostPath}.device`;
  }

  async open(): Promise<void> {
    this.emulator.on('plugged', this.#onPlugged);
    this.emulator.on('output', this.#onOutput);
    if (this.emulator.plugged) await this.#start();
  }

  async #start(): Promise<void> {
    if (this.#socat || this.#closed) return;
    const socat = spawn(
      'socat',
      ['-d', '-d', `pty,raw,echo=0,link=${this.hostPath}`, `pty,raw,echo=0,link=${this.#devPath}`],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    this.#socat = socat;
    await new Promise<void>((resolve, reject) => {
      let log = '';
      const timer = setTimeout(() => reject(new Error(`socat did not start: ${log}`)), 5000);
      socat.once('error', (e) => {
        clearTimeout(timer);
        reject(new Error(`cannot run socat (${e.message}); install it with: apt-get install socat`));
      });
      socat.stderr!.on('data', (d: Buffer) => {
        log += d.toString();
        if (log.includes('starting data transfer loop')) {
          clearTimeout(timer);
          resolve();
        }
      });
      socat.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`socat exited with ${code}: ${log}`));
      });
    });
    socat.stderr!.resume();
    const port = new SerialPort({ path: this.#devPath, baudRate: this.baudRate });
    await new Promise<void>((resolve, reject) => port.once('open', resolve).once('error', reject));
    port.on('data', (d: Buffer) => this.emulator.receive(Uint8Array.from(d)));
    port.on('error', (e) => this.onError(e));
    this.#port = port;
  }

  async #stop(): Promise<void> {
    const port = this.#port;
    this.#port = null;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
    const socat = this.#socat;
    this.#socat = null;
    if (socat && socat.exitCode === null) {
      await new Promise<void>((resolve) => {
        socat.once('exit', () => resolve());
        socat.kill('SIGTERM');
      });
    }
    // socat removes its links on exit; wait until the path is really gone.
    for (let i = 0; i < 50 && existsSync(this.hostPath); i++) await new Promise((r) => setTimeout(r, 10));
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.emulator.off('plugged', this.#onPlugged);
    this.emulator.off('output', this.#onOutput);
    await this.#stop();
  }
}
