import { render } from 'preact';
import { MaintenanceApp } from './MaintenanceApp.tsx';
import '../styles/tokens.css';
import '../styles/app.css';
import '../styles/staff.css';

render(<MaintenanceApp />, document.getElementById('app')!);
