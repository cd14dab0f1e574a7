import { render } from 'preact';
import { DisplayApp } from './DisplayApp.tsx';
import '../styles/tokens.css';
import '../styles/app.css';
import '../styles/staff.css';

render(<DisplayApp />, document.getElementById('app')!);
