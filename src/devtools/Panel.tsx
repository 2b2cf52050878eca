import { useMemo, useState } from 'preact/hooks';
import { diagnose } from '../core/diagnose.ts';
import { usePageTokens } from '../shared/use-page-tokens.ts';
import { diagnoseSettings, useSettings } from '../shared/use-settings.ts';
import { useTabHistory } from '../shared/use-tab-history.ts';
import { ExchangeTable } from '../ui/ExchangeTable.tsx';
import { FailureDetail } from '../ui/FailureDetail.tsx';

/** The inspected tab's recorded exchanges, newest first, with the shared detail view. */
export function Panel({ tabId }: { tabId: number | undefined }) {
  const { state, clear } = useTabHistory(tabId);
  const [selectedId, setSelectedId] = useState<string | undefined>();
  const now = Date.now();
  const pageTokens = usePageTokens(tabId, state);
  const settings = useSettings();
  const rows = useMemo(
    () =>
      state.status === 'ready'
        ? state.history.exchanges
            .slice()
            .reverse()
            .map((exchange) => ({
              exchange,
              diagnosis: diagnose(exchange, {
                now,
                history: state.history.exchanges,
                pageTokens,
                ...diagnoseSettings(settings),
              }),
            }))
        : [],
    [state, pageTokens, settings],
  );
  const selected = rows.find((row) => row.exchange.id === selectedId);

  return (
    <main class="panel">
      <header class="panel-toolbar">
        <h1>Auth Inspector</h1>
        <span class="muted" data-testid="row-count">
          {rows.length} request{rows.length === 1 ? '' : 's'} with a credential or an auth failure
        </span>
        <button type="button" class="link-button" onClick={clear} disabled={rows.length === 0}>
          Clear
        </button>
      </header>
      {state.status === 'error' ? (
        <p class="finding">Could not read this tab's history: {state.message}</p>
      ) : null}
      <div class="panel-body">
        <ExchangeTable
          rows={rows.map(({ exchange, diagnosis }) => ({
            exchange,
            credentialKind: diagnosis.credentials[0]?.kind ?? '—',
            topCause: diagnosis.causes[0]?.id ?? '',
          }))}
          selectedId={selectedId}
          onSelect={setSelectedId}
        />
        {selected ? (
          <FailureDetail exchange={selected.exchange} diagnosis={selected.diagnosis} now={now} />
        ) : null}
      </div>
    </main>
  );
}
