import browser from 'webextension-polyfill';

// The panel learns its tab from the query string, so the same page also opens outside DevTools.
const tabId = browser.devtools.inspectedWindow.tabId;
void browser.devtools.panels.create(
  'Auth Inspector',
  '/icons/icon-32.png',
  `/src/devtools/panel.html?tabId=${tabId}`,
);
