/** The command line was not understood: the dispatcher prints the usage and exits with 2. */
export class UsageError extends Error {
  constructor() {
    super('usage');
    this.name = 'UsageError';
  }
}

export const USAGE = `Usage: kiosk COMMAND

  kiosk start [--config FILE | --demo] [--port N] [--host ADDR] [--data-dir DIR]
        Run the daemon: serves the kiosk UI and the device API, drives the devices.
        Without --config (or with --demo) it runs the demo (emulated hardware, config/demo.json).
        Emulated devices need the emulators, installed with the development dependencies.
  kiosk emulate DEVICE (--pty PATH | --tcp HOST:PORT) [...]
        Run a device emulator as a separate process (kiosk emulate --help).
  kiosk journal [--config FILE] [--problems] [--limit N] [--json]
        The print journal for technicians: recent print jobs, or (--problems) only those not
        printed, interrupted or retracted, with the ticket number and the reason.
  kiosk catalogue check FILE · kiosk catalogue schema [--out FILE]
        Validate a service catalogue (names the matter and field that is wrong) · its JSON Schema.
  kiosk ratings [--config FILE] [--json]
        好差评 counts per level and the delivery outbox (pending, delivered, rejected, oldest waiting).
  kiosk diag [--config FILE] [--device NAME] [--level internal|external|interactive] [--json]
        Health checks of the configured devices: through the running daemon (its local socket) or, if
        none runs, by opening the devices itself. Exit code 1 when any device is unhealthy.
  kiosk status [--config FILE] [--json]
        The running daemon's state on one screen: devices, queue, ratings outbox, print problems.
  kiosk hall init|start --config hall.json
        The hall server (hall mode: one queue for every kiosk, window, display and rating pad of the
        hall, on PostgreSQL). See docs/hall.md.
  kiosk enrol https://HALL:8443 CODE --fingerprint AB:CD:… [--config FILE | --out FILE]
        Enrol this kiosk with the hall server (hall mode): checks the hall CA's fingerprint before the
        one-time code is sent, saves the credential (0600; where the configuration says, by default
        /etc/hall-kiosk/config.json's) and says what to put in the configuration.
  kiosk hash-pin
        Read a PIN from standard input and print the hash to put in the configuration
        (staff.pinHash, maintenance.pinHash): 6–12 digits. The PIN itself is never stored.
  kiosk hash-card [--config FILE]
        Read a technician's ID number from standard input and print the digest to list in
        maintenance.technicianCards (keyed with this installation's secret in the data directory).
  kiosk config check FILE
        Validate a configuration file; exit code 1 and the problems if it is invalid.
  kiosk config schema [--out FILE]
        Print (or write) the JSON Schema of the configuration file.
  kiosk udev-rules [--config FILE] · kiosk device-access [--config FILE]
        The udev rules that give each configured USB device a stable name (/dev/kiosk-…), and the
        systemd drop-in that lets the daemon open only those devices (docs/deployment.md).
  kiosk upgrade FILE.deb [--config FILE] [--keys DIR] [--ready-timeout SECONDS]
        Install a signed package beside the running one, switch, and roll back if it is not ready.
  kiosk package-keygen --out DIR · kiosk package-sign FILE --key release.pem
        An ed25519 key pair for signing packages · a package's signature (FILE.sig).`;
