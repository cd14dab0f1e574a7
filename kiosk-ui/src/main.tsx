import { render } from 'preact';
import { KIOSK_BOOT_ID, parseKioskBoot } from '@hall-kiosk/shared/browser';
import { createActor } from 'xstate';
import { DaemonClient, daemonUrl } from './daemon/client.ts';
import { sessionMachine } from './flows/session/session.machine.ts';
import { App } from './app/App.tsx';
import { applyFormat } from './app/format.ts';
import { watchTouches } from './app/touches.ts';
import { SpeechSynthesisBackend } from './voice/voice.ts';
import { KioskCatalogues } from './i18n/kiosk-catalogues.ts';
import './styles/tokens.css';
import './styles/app.css';

// Before the first render: the layout for this glass (html[data-format]).
applyFormat(window);
// Opened once the first screen is painted (below): what it shows comes from the boot data.
const api = new DaemonClient(daemonUrl(window.location), { open: 'later' });
// What the daemon wrote into this page when it served it (Kiosk.Info and the devices' states): the
// first screen is drawn from it, with no round trip. Missing or not checking out, the page asks.
const boot = parseKioskBoot(document.getElementById(KIOSK_BOOT_ID)?.textContent);
// Every touch counts as activity for the session's inactivity watch, which reads the last one's time.
const touches = watchTouches(window);
const session = createActor(sessionMachine, { input: { api, boot, touches } });
session.start();
const callStaff = (screen: string) =>
  api.request('Kiosk.CallStaff', { screen }, { timeoutMs: 5000 }).then(() => true);
const onHelpComing = (listener: () => void) => api.onUnsolicited('Kiosk.HelpAcknowledged', listener);
// English is not part of the page's first load: it is brought in once the attract screen is up, so a
// tap on "English" finds it here (docs/performance.md).
const catalogues = new KioskCatalogues();
const attractUp = session.subscribe((s) => {
  if (!s.matches({ attract: 'ready' })) return;
  attractUp.unsubscribe();
  requestAnimationFrame(() => setTimeout(() => catalogues.load('en').catch(() => undefined)));
});
const hallClock = () => api.request('Kiosk.Clock', {}, { timeoutMs: 5000 });
render(
  <App
    session={session}
    voice={new SpeechSynthesisBackend()}
    callStaff={callStaff}
    onHelpComing={onHelpComing}
    hallClock={hallClock}
    catalogues={catalogues}
  />,
  document.getElementById('app')!,
);
// The first frame is drawn without the daemon; requests made before this (the devices' states) wait
// for the connection. A task after the next frame: after the paint (docs/performance.md). A page that
// is not drawn (hidden, so no frames) opens it after half a second all the same.
requestAnimationFrame(() => setTimeout(() => api.open()));
setTimeout(() => api.open(), 500);
