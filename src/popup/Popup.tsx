import { useMemo, useState } from 'preact/hooks';
import { diagnose } from '../core/diagnose.ts';
import { usePageTokens } from '../shared/use-page-tokens.ts';
import { useTabHistory } from '../shared/use-tab-history.ts';
import { EmptyState } from '../ui/EmptyState.tsx';
import { FailureDetail } from '../ui/FailureDetail.tsx';
import { FailureList } from '../ui/FailureList.tsx';

const ICON = '/icons/icon-32.png';

export function Popup({ tabId }: { tabId: number | undefined }) {
  const { state, clear } = useTabHistory(tabId);
  const [selectedId, setSelectedId] = useState<string | undefined>();
  const now = Date.now();
  const pageTokens = usePageTokens(tabId, state);

  const failures = useMemo(() => {
    if (state.status !== 'ready') return [];
    const history = state.history.exchanges;
    return history
      .filter((exchange) => exchange.failed)
      .reverse()
      .map((exchange) => ({ exchange, diagnosis: diagnose(exchange, { now, history, pageTokens }) }));
    // `now` is read at render; recomputing only when the inputs change keeps it stable.
  }, [state, pageTokens]);

  const selected = failures.find((failure) => failure.exchange.id === selectedId) ?? failures[0];
  const count = state.status === 'ready' ? state.history.failureCount : 0;

  return (
    <main class="popup">
      <header class="popup-header">
        <img src={ICON} alt="" />
        <h1>Auth Inspector</h1>
        {count > 0 ? (
          <span class="failure-count" data-testid="failure-count">
            {count} failure{count === 1 ? '' : 's'}
          </span>
        ) : null}
        {state.status === 'ready' && state.history.exchanges.length > 0 ? (
          <button type="button" class="link-button" onClick={clear}>
            Clear
          </button>
        ) : null}
      </header>
      {tabId === undefined ? <p class="finding">No tab to inspect.</p> : null}
      {state.status === 'loading' && tabId !== undefined ? <p class="muted">Loading…</p> : null}
      {state.status === 'error' ? (
        <p class="finding">Could not read this tab's history: {state.message}</p>
      ) : null}
      {state.status === 'ready' && !selected ? (
        <EmptyState credentialRequests={state.history.exchanges.length} />
      ) : null}
      {selected ? (
        <>
          <FailureDetail exchange={selected.exchange} diagnosis={selected.diagnosis} now={now} />
          <h2 class="section-title">All failures on this tab</h2>
          <FailureList
            items={failures.map(({ exchange, diagnosis }) => ({
              exchange,
              topCauseTitle: diagnosis.causes[0]?.title ?? '',
            }))}
            selectedId={selected.exchange.id}
            onSelect={setSelectedId}
          />
        </>
      ) : null}
    </main>
  );
}
