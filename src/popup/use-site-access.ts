import { useCallback, useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { checkSiteAccess, type SiteAccess, type SiteAccessApi } from './site-access.ts';

const api: SiteAccessApi = {
  tabUrl: async (tabId) => (await browser.tabs.get(tabId)).url,
  contains: (origins) => browser.permissions.contains({ origins }),
  manifestOrigins: () => browser.runtime.getManifest().host_permissions ?? [],
};

export type RequestOutcome = 'none' | 'granted' | 'refused' | 'failed';

/** The inspected site's access, kept current, and the request for it (called from a click). */
export function useSiteAccess(tabId: number | undefined): {
  access: SiteAccess;
  outcome: RequestOutcome;
  request: () => void;
  reload: () => void;
} {
  const [access, setAccess] = useState<SiteAccess>({ kind: 'checking' });
  const [outcome, setOutcome] = useState<RequestOutcome>('none');

  useEffect(() => {
    if (tabId === undefined) return;
    let live = true;
    const check = () => void checkSiteAccess(tabId, api).then((result) => live && setAccess(result));
    check();
    // Granted or withdrawn elsewhere (about:addons, the extensions menu) while the popup is open.
    browser.permissions.onAdded.addListener(check);
    browser.permissions.onRemoved.addListener(check);
    return () => {
      live = false;
      browser.permissions.onAdded.removeListener(check);
      browser.permissions.onRemoved.removeListener(check);
    };
  }, [tabId]);

  const request = useCallback(() => {
    if (access.kind !== 'missing' || tabId === undefined) return;
    // Called synchronously in the click: browsers grant permission requests only on a user action.
    browser.permissions.request({ origins: access.origins }).then(
      (granted) => {
        setOutcome(granted ? 'granted' : 'refused');
        void checkSiteAccess(tabId, api).then(setAccess);
      },
      () => setOutcome('failed'),
    );
  }, [access, tabId]);

  const reload = useCallback(() => {
    if (tabId !== undefined) void browser.tabs.reload(tabId);
  }, [tabId]);

  return { access, outcome, request, reload };
}
