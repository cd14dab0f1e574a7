import { render } from 'preact';
import { PadApp } from './PadApp.tsx';
import '../../styles/tokens.css';
import '../../styles/app.css';
import '../devices.css';

render(<PadApp />, document.getElementById('app')!);
