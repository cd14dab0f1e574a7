import { render } from 'preact';
import { StaffApp } from './StaffApp.tsx';
import '../styles/tokens.css';
import '../styles/app.css';
import '../styles/staff.css';

render(<StaffApp />, document.getElementById('app')!);
