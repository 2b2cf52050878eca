import { render } from 'preact';
import '../ui/theme.css';
import './popup.css';
import { Popup } from './Popup.tsx';
import { resolveInspectedTab } from './resolve-tab.ts';

const root = document.getElementById('app');
if (root) {
  void resolveInspectedTab().then((tab) => render(<Popup tab={tab} />, root));
}
