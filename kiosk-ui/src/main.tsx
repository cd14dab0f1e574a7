import { render } from 'preact';
import { createActor } from 'xstate';
import { DaemonClient, daemonUrl } from './daemon/client.ts';
import { sessionMachine } from './flows/session/session.machine.ts';
import { App } from './app/App.tsx';
import './styles/tokens.css';
import './styles/app.css';

const api = new DaemonClient(daemonUrl(window.location));
const session = createActor(sessionMachine, { input: { api } });
session.start();
render(<App session={session} />, document.getElementById('app')!);
