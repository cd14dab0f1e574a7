import { render } from 'preact';
import { AdminApp } from './AdminApp.tsx';
import '../../styles/tokens.css';
import '../../styles/app.css';
import '../common/desk.css';

render(<AdminApp />, document.getElementById('app')!);
