import { render } from 'preact';
import { EnrolApp } from './EnrolApp.tsx';
import '../../styles/tokens.css';
import '../../styles/app.css';
import '../devices.css';

render(<EnrolApp />, document.getElementById('app')!);
