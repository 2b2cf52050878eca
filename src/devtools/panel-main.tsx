import { render } from 'preact';
import browser from 'webextension-polyfill';
import { resolveTabId } from '../shared/history-client.ts';
import '../ui/theme.css';
import './panel.css';
import { Panel } from './Panel.tsx';

/** Inside DevTools, follow its theme ('default' or 'dark'); outside, the OS setting applies. */
const themeName = (browser as { devtools?: { panels?: { themeName?: string } } }).devtools?.panels?.themeName;
if (themeName) document.documentElement.dataset.theme = themeName === 'dark' ? 'dark' : 'light';

const root = document.getElementById('app');
if (root) {
  void resolveTabId('tabId').then((tabId) => render(<Panel tabId={tabId} />, root));
}
