/** What the popup says before anything failed: what it watches, and what to try. */
export function EmptyState({
  credentialRequests,
  watchedStatuses,
}: {
  credentialRequests: number;
  watchedStatuses: readonly number[];
}) {
  const statuses =
    watchedStatuses.length > 1
      ? `${watchedStatuses.slice(0, -1).join(', ')} or ${watchedStatuses.at(-1)}`
      : String(watchedStatuses[0] ?? 'none');
  return (
    <section class="empty-state" data-testid="empty-state">
      <h2>No authentication failures on this tab</h2>
      <p>
        Auth Inspector watches this tab's requests for responses with status {statuses}, and for error bodies
        that say a token was refused (such as Slack's <code>invalid_auth</code>). When one happens, the
        failure, the credential it carried and the likely cause appear here.
      </p>
      <p class="muted">
        {credentialRequests > 0
          ? `${credentialRequests} request${credentialRequests === 1 ? '' : 's'} with a credential seen so far, none rejected.`
          : 'No request with a credential seen yet. Pages opened before the extension was installed need a reload.'}
      </p>
    </section>
  );
}
