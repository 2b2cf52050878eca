import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { filterRows, parseExchangeQuery, rowOf } from '../core/history/filter-exchanges.ts';
import { buildTokenTimelines } from '../core/history/token-timeline.ts';
import { fetchDiagnosedHistory, runExperiment } from '../shared/history-client.ts';
import type { Settings } from '../shared/settings.ts';
import { useSettings } from '../shared/use-settings.ts';
import { useTabView } from '../shared/use-tab-view.ts';
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
  // The worker diagnoses every exchange (and keeps what it diagnosed); the panel renders.
  const { state, clear } = useTabView(tabId, fetchDiagnosedHistory);
  const [selectedId, setSelectedId] = useState<string | undefined>();
  const [query, setQuery] = useState('');
  const [failuresOnly, setFailuresOnly] = useState(false);
  const [view, setView] = useState<View>('requests');
  const settings = useSettings();
  const settingsRef = useRef<Settings>(settings);
  settingsRef.current = settings;

  useEffect(
    () => (tabId === undefined ? undefined : followDevtoolsNetwork(tabId, () => settingsRef.current)),
    [tabId],
  );

  const diagnosed = state.status === 'ready' ? state.view : undefined;
  const rows = useMemo(() => {
    if (!diagnosed) return [];
    const { history, diagnoses } = diagnosed;
    const list = [];
    // Newest first, as DevTools' own network log reads.
    for (let index = history.exchanges.length - 1; index >= 0; index--) {
      const exchange = history.exchanges[index];
      const diagnosis = diagnoses[index];
      if (exchange && diagnosis) list.push(rowOf({ exchange, diagnosis }));
    }
    return list;
  }, [diagnosed]);

  const parsed = useMemo(() => parseExchangeQuery(query), [query]);
  const shown = useMemo(
    () => filterRows(rows, { failuresOnly, query: parsed }),
    [rows, failuresOnly, parsed],
  );
  const timelines = useMemo(
    () =>
      view === 'tokens'
        ? // The experiments' requests are not the app's use of its tokens.
          buildTokenTimelines(rows.filter((row) => !row.exchange.experiment).reverse(), Date.now())
        : undefined,
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
      {diagnosed ? <StorageNoticeBanner notice={diagnosed.history.storageNotice} /> : null}
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
            <FailureDetail
              exchange={selected.exchange}
              diagnosis={selected.diagnosis}
              now={Date.now()}
              {...(tabId === undefined || !selected.exchange.failed
                ? {}
                : {
                    onRunExperiment: (causeId, preview) =>
                      runExperiment(tabId, selected.exchange.id, causeId, preview.kind, preview.change),
                  })}
            />
          ) : (
            <p class="muted">Select a request to see its credential, its claims and why it failed.</p>
          )}
        </section>
      </div>
    </main>
  );
}
