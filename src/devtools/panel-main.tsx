import { render } from 'preact';
import { resolveTabId } from '../shared/history-client.ts';
import '../ui/theme.css';
import './panel.css';
import { Panel } from './Panel.tsx';

const root = document.getElementById('app');
if (root) {
  void resolveTabId('tabId').then((tabId) => render(<Panel tabId={tabId} />, root));
}
