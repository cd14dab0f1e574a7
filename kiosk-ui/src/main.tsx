import { render } from 'preact';
import { createActor } from 'xstate';
import { DaemonClient, daemonUrl } from './daemon/client.ts';
import { sessionMachine } from './flows/session/session.machine.ts';
import { App } from './app/App.tsx';
import { SpeechSynthesisBackend } from './voice/voice.ts';
import './styles/tokens.css';
import './styles/app.css';

const api = new DaemonClient(daemonUrl(window.location));
const session = createActor(sessionMachine, { input: { api } });
session.start();
render(<App session={session} voice={new SpeechSynthesisBackend()} />, document.getElementById('app')!);
