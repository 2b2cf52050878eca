/** The part of `devtools.panels` the registration uses; tests pass a fake. */
export interface PanelsLike {
  create(title: string, iconPath: string, pagePath: string): Promise<unknown> | unknown;
}

export const PANEL_TITLE = 'Auth Inspector';
export const PANEL_ICON = '/icons/icon-32.png';

/** The panel page learns its tab from the query string, so the same page also opens outside DevTools. */
export function panelPath(tabId: number): string {
  return `/src/devtools/panel.html?tabId=${tabId}`;
}

export function registerPanel(panels: PanelsLike, inspectedTabId: number): Promise<unknown> {
  return Promise.resolve(panels.create(PANEL_TITLE, PANEL_ICON, panelPath(inspectedTabId)));
}
