import { render } from 'preact';
import { resolveTabId } from '../shared/history-client.ts';
import '../ui/theme.css';
import './popup.css';
import { Popup } from './Popup.tsx';

const root = document.getElementById('app');
if (root) {
  void resolveTabId('tab').then((tabId) => render(<Popup tabId={tabId} />, root));
}
