import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { type Diagnosis, diagnose } from '../core/diagnose.ts';
import type { Exchange } from '../core/exchange.ts';
import { filterRows, parseExchangeQuery, rowOf } from '../core/history/filter-exchanges.ts';
import { buildTokenTimelines } from '../core/history/token-timeline.ts';
import type { Settings } from '../shared/settings.ts';
import { usePageTokens } from '../shared/use-page-tokens.ts';
import { diagnoseSettings, useSettings } from '../shared/use-settings.ts';
import { useTabHistory } from '../shared/use-tab-history.ts';
import { ExchangeTable } from '../ui/ExchangeTable.tsx';
import { FailureDetail } from '../ui/FailureDetail.tsx';
import { FilterBar } from '../ui/FilterBar.tsx';
import { StorageNoticeBanner } from '../ui/StorageNoticeBanner.tsx';
import { TokenTimelines } from '../ui/TokenTimelines.tsx';
import { followDevtoolsNetwork } from './devtools-network.ts';
import { PanelExports } from './PanelExports.tsx';

type View = 'requests' | 'tokens';

/**
 * The inspected tab's authentication history: every exchange that carried a credential or failed,
 * filterable, with the shared detail view, the per-token timeline and redacted exports.
 */
export function Panel({ tabId }: { tabId: number | undefined }) {
  const { state, clear } = useTabHistory(tabId);
  const [selectedId, setSelectedId] = useState<string | undefined>();
  const [query, setQuery] = useState('');
  const [failuresOnly, setFailuresOnly] = useState(false);
  const [view, setView] = useState<View>('requests');
  const settings = useSettings();
  const pageTokens = usePageTokens(tabId, state);
  const settingsRef = useRef<Settings>(settings);
  settingsRef.current = settings;

  useEffect(
    () => (tabId === undefined ? undefined : followDevtoolsNetwork(tabId, () => settingsRef.current)),
    [tabId],
  );

  // Diagnoses are kept per exchange across updates: a live panel adds rows, it does not redo them.
  // A new context (page tokens, settings) invalidates them all.
  const cache = useRef({ pageTokens, settings, diagnoses: new Map<string, Diagnosis>() });
  if (cache.current.pageTokens !== pageTokens || cache.current.settings !== settings) {
    cache.current = { pageTokens, settings, diagnoses: new Map() };
  }

  const exchanges: Exchange[] = state.status === 'ready' ? state.history.exchanges : [];
  const rows = useMemo(() => {
    const now = Date.now();
    const options = { now, history: exchanges, pageTokens, ...diagnoseSettings(settings) };
    const list = [];
    for (let index = exchanges.length - 1; index >= 0; index--) {
      const exchange = exchanges[index];
      if (!exchange) continue;
      let diagnosis = cache.current.diagnoses.get(exchange.id);
      if (!diagnosis || diagnosis.facts.exchange !== exchange) {
        diagnosis = diagnose(exchange, options);
        cache.current.diagnoses.set(exchange.id, diagnosis);
      }
      list.push(rowOf({ exchange, diagnosis }));
    }
    return list;
  }, [exchanges, pageTokens, settings]);

  const parsed = useMemo(() => parseExchangeQuery(query), [query]);
  const shown = useMemo(
    () => filterRows(rows, { failuresOnly, query: parsed }),
    [rows, failuresOnly, parsed],
  );
  const timelines = useMemo(
    () => (view === 'tokens' ? buildTokenTimelines([...rows].reverse(), Date.now()) : undefined),
    [rows, view],
  );
  const selected = rows.find((row) => row.exchange.id === selectedId);

  return (
    <main class="panel">
      <header class="panel-toolbar">
        <h1>Auth Inspector</h1>
        <div class="view-switch" role="tablist" aria-label="View">
          {(['requests', 'tokens'] as const).map((name) => (
            <button
              key={name}
              type="button"
              role="tab"
              aria-selected={view === name}
              class="view-tab"
              onClick={() => setView(name)}
            >
              {name === 'requests' ? 'Requests' : 'Tokens'}
            </button>
          ))}
        </div>
        <FilterBar
          query={query}
          failuresOnly={failuresOnly}
          shown={shown.length}
          total={rows.length}
          errors={parsed.errors}
          onQuery={setQuery}
          onFailuresOnly={setFailuresOnly}
        />
        <PanelExports rows={shown} selected={selected} />
        <button type="button" class="link-button" onClick={clear} disabled={rows.length === 0}>
          Clear
        </button>
      </header>
      {state.status === 'error' ? (
        <p class="finding">Could not read this tab's history: {state.message}</p>
      ) : null}
      {state.status === 'ready' ? <StorageNoticeBanner notice={state.history.storageNotice} /> : null}
      <div class="panel-body">
        <section class="panel-list" aria-label={view === 'requests' ? 'Requests' : 'Tokens'}>
          {view === 'requests' ? (
            <ExchangeTable rows={shown} selectedId={selected?.exchange.id} onSelect={setSelectedId} />
          ) : (
            <TokenTimelines
              timelines={timelines?.timelines ?? []}
              switches={timelines?.switches ?? []}
              parallel={timelines?.parallel ?? []}
              onSelect={(id) => {
                setSelectedId(id);
              }}
            />
          )}
        </section>
        <section class="panel-detail" aria-label="Selected request">
          {selected ? (
            <FailureDetail exchange={selected.exchange} diagnosis={selected.diagnosis} now={Date.now()} />
          ) : (
            <p class="muted">Select a request to see its credential, its claims and why it failed.</p>
          )}
        </section>
      </div>
    </main>
  );
}
