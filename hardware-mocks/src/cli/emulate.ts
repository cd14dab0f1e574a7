import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { createEmulator, EMULATOR_KINDS } from '../catalogue.ts';
import { EmulatorRegistry, createControlHandler } from '../framework/control-server.ts';
import { PtyAttachment } from '../framework/pty.ts';
import { TcpAttachment } from '../framework/tcp.ts';

export const EMULATE_USAGE = `Usage: kiosk emulate DEVICE (--pty PATH | --tcp HOST:PORT) [options]

Runs a device emulator as its own process, speaking the device's real byte protocol.

  DEVICE              one of: ${Object.keys(EMULATOR_KINDS).join(', ')}
  --pty PATH          create a pseudo-terminal (via socat) whose host end is PATH;
                      point the daemon's "serial" connection at PATH
  --tcp HOST:PORT     listen on a TCP port instead (e.g. 127.0.0.1:9100)
  --control HOST:PORT control page and API (default 127.0.0.1:0, a free port)
  --baud N            pace replies as a serial line at N baud (default 115200)
  --paper-lines N     printers: lines of paper on the roll (default endless)
  --presenter P       printers: a ticket presenter speaking custom or citizen commands (default none)
  --mode M            scanner: hidPos (HID POS reports, default) or keyboardWedge (boot keyboard reports)

Prints "ready" once the device can be opened. Stop with Ctrl-C.`;

/** `kiosk emulate …`; resolves with the process exit code once stopped. */
export async function runEmulate(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        pty: { type: 'string' },
        tcp: { type: 'string' },
        control: { type: 'string', default: '127.0.0.1:0' },
        baud: { type: 'string', default: '115200' },
        'paper-lines': { type: 'string' },
        presenter: { type: 'string', default: 'none' },
        mode: { type: 'string', default: 'hidPos' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    console.error(`${(e as Error).message}\n\n${EMULATE_USAGE}`);
    return 2;
  }
  const { values, positionals } = args;
  if (values.help) {
    console.log(EMULATE_USAGE);
    return 0;
  }
  const device = positionals[0];
  if (!device || !(device in EMULATOR_KINDS) || !values.pty === !values.tcp) {
    console.error(EMULATE_USAGE);
    return 2;
  }
  const baudRate = Number(values.baud);
  const paperLines = values['paper-lines'] === undefined ? undefined : Number(values['paper-lines']);
  if (!Number.isInteger(baudRate) || baudRate <= 0 || (paperLines !== undefined && !(paperLines >= 0))) {
    console.error('--baud and --paper-lines take whole numbers');
    return 2;
  }
  if (!['none', 'custom', 'citizen'].includes(values.presenter!)) {
    console.error('--presenter takes none, custom or citizen');
    return 2;
  }
  if (!['hidPos', 'keyboardWedge'].includes(values.mode!)) {
    console.error('--mode takes hidPos or keyboardWedge');
    return 2;
  }
  const emulator = createEmulator(device, {
    baudRate,
    presenter: values.presenter,
    mode: values.mode,
    ...(paperLines !== undefined ? { paperLines } : {}),
  });
  const registry = new EmulatorRegistry();
  registry.add(device, emulator);

  const attachment = values.pty
    ? new PtyAttachment(emulator, values.pty, baudRate)
    : (() => {
        const [host, port] = splitHostPort(values.tcp!);
        return new TcpAttachment(emulator, host, port);
      })();
  if (attachment instanceof PtyAttachment)
    attachment.onError = (e) => console.error(`pty: ${(e as Error).message}`);
  await attachment.open();

  const control = createControlHandler(registry, '');
  const server = createServer((req, res) => {
    void control(req, res).then((handled) => {
      if (!handled) res.writeHead(404).end();
    });
  });
  const [chost, cport] = splitHostPort(values.control!);
  await new Promise<void>((resolve) => server.listen(cport, chost, resolve));
  const where =
    attachment instanceof PtyAttachment
      ? `pty ${attachment.hostPath}`
      : `tcp ${attachment.host}:${attachment.port}`;
  console.log(`${device} emulator on ${where}`);
  console.log(`control: http://${chost}:${(server.address() as AddressInfo).port}/`);
  console.log('ready');

  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  server.close();
  await attachment.close();
  return 0;
}

function splitHostPort(s: string): [string, number] {
  const i = s.lastIndexOf(':');
  const port = Number(s.slice(i + 1));
  if (i < 1 || !Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`not HOST:PORT: ${s}`);
  return [s.slice(0, i), port];
}
