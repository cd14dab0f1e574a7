import { render } from 'preact';
import { SupervisorApp } from './SupervisorApp.tsx';
import '../../styles/tokens.css';
import '../../styles/app.css';
import '../common/desk.css';

render(<SupervisorApp />, document.getElementById('app')!);
