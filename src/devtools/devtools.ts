import browser from 'webextension-polyfill';
import { registerPanel } from './register-panel.ts';

void registerPanel(browser.devtools.panels, browser.devtools.inspectedWindow.tabId);
