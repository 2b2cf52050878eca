/**
 * Shown when the browser withholds the inspected site from the extension: what that means, and the
 * button that asks for access (the browser then shows its own permission prompt).
 */
export function SiteAccessPrompt({
  site,
  refused,
  onAllow,
}: {
  /** The host, when the browser tells it; otherwise the request covers the sites the add-on declares. */
  site: string | undefined;
  refused: boolean;
  onAllow: () => void;
}) {
  return (
    <section class="site-access" data-testid="site-access" aria-labelledby="site-access-title">
      <h2 id="site-access-title">Auth Inspector cannot see {site ?? 'this site'}</h2>
      <p>
        Your browser has not given Auth Inspector access to this site, so it cannot observe the requests that
        fail here.{' '}
        {site
          ? 'Allowing it covers this site only.'
          : 'The browser does not say which site this tab shows, so it will ask about all websites.'}
      </p>
      <button type="button" class="action-button" onClick={onAllow}>
        Allow Auth Inspector to watch this site
      </button>
      {refused ? (
        <p class="muted" role="status">
          Access was not granted. You can change it later in the add-on's permissions.
        </p>
      ) : null}
    </section>
  );
}

/** After access is granted: pages loaded before need a reload for their own view to be observed. */
export function SiteAccessGranted({ onReload }: { onReload: () => void }) {
  return (
    <section class="site-access" data-testid="site-access-granted" role="status">
      <p>
        Access granted. Requests from now on are watched; reload the page so Auth Inspector also sees the
        response bodies it reads.
      </p>
      <button type="button" class="link-button" onClick={onReload}>
        Reload the page
      </button>
    </section>
  );
}
