// `@hall-kiosk/device-daemon/mock`: the demo and test entry. Everything that needs the device
// emulators (`@hall-kiosk/hardware-mocks`) is here and nowhere else in src/: a kiosk in the hall
// never loads it. `kiosk start` imports it (dynamically) only for a configuration with emulated
// devices or --demo; tests, benchmarks and scripts import it directly.
export { EmulatedDevices } from './emulated-devices.ts';
export { demoBookings, writeDemoBookings } from './demo-bookings.ts';
export { runEmulate } from '@hall-kiosk/hardware-mocks';
