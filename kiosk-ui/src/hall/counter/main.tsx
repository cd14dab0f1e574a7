import { render } from 'preact';
import { CounterPage } from './CounterPage.tsx';
import '../../styles/tokens.css';
import '../../styles/app.css';
import './counter.css';

render(<CounterPage />, document.getElementById('app')!);
