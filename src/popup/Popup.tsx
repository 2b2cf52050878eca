import { useCallback, useState } from 'preact/hooks';
import type { DiagnosedExchange } from '../core/history/group-failures.ts';
import { fetchTabFailures, runExperiment } from '../shared/history-client.ts';
import { useSettings } from '../shared/use-settings.ts';
import { useTabView } from '../shared/use-tab-view.ts';
import { EmptyState } from '../ui/EmptyState.tsx';
import { FailureDetail } from '../ui/FailureDetail.tsx';
import { FailureList } from '../ui/FailureList.tsx';
import { ReportActions } from '../ui/ReportActions.tsx';
import { SignatureCheck } from '../ui/SignatureCheck.tsx';
import { SiteAccessGranted, SiteAccessPrompt } from '../ui/SiteAccessPrompt.tsx';
import { StorageNoticeBanner } from '../ui/StorageNoticeBanner.tsx';
import { buildReport, copyText, issuerOf, verifySignature } from './popup-actions.ts';
import type { InspectedTab } from './resolve-tab.ts';
import { useChosenFailure } from './use-chosen-failure.ts';
import { useSiteAccess } from './use-site-access.ts';

const ICON = '/icons/icon-32.png';
/** Lines each "Show more" adds to the failure list. */
const MORE_LINES = 100;

export function Popup({ tab }: { tab: InspectedTab }) {
  const tabId = tab.kind === 'page' ? tab.id : undefined;
  // The worker diagnoses (the engine is not in the popup's bundle); the popup renders, and asks
  // for the list's first lines only (the worker's FIRST_LINES) until the user wants more.
  const [lineLimit, setLineLimit] = useState<number | undefined>();
  const loadFailures = useCallback((id: number) => fetchTabFailures(id, lineLimit), [lineLimit]);
  const { state, clear } = useTabView(tabId, loadFailures);
  const [selectedKey, setSelectedKey] = useState<string | undefined>();
  const now = Date.now();
  const settings = useSettings();
  const siteAccess = useSiteAccess(tabId);

  const view = state.status === 'ready' ? state.view : undefined;
  const lines = view?.lines ?? [];
  const selected = lines.find((line) => line.key === selectedKey) ?? lines[0];
  const chosen = useChosenFailure(tabId, selected, view?.newest, view);
  const count = view?.failureCount ?? 0;

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
      </header>
      {tab.kind === 'restricted' ? (
        <section class="empty-state" data-testid="restricted-page">
          <h2>Auth Inspector cannot watch this page</h2>
          <p>
            Browsers keep extensions out of their own pages ({tab.scheme} pages, the extension store, the new
            tab page). Open the site or API you are debugging in a tab and click the icon there.
          </p>
        </section>
      ) : null}
      {siteAccess.access.kind === 'missing' ? (
        <SiteAccessPrompt
          site={siteAccess.access.site}
          refused={siteAccess.outcome === 'refused'}
          onAllow={siteAccess.request}
        />
      ) : null}
      {siteAccess.access.kind === 'granted' && siteAccess.outcome === 'granted' ? (
        <SiteAccessGranted onReload={siteAccess.reload} />
      ) : null}
      {tab.kind === 'none' ? <p class="finding">No tab to inspect.</p> : null}
      {state.status === 'loading' && tabId !== undefined ? <p class="muted">Loading…</p> : null}
      {state.status === 'error' ? (
        <p class="finding">Could not read this tab's history: {state.message}</p>
      ) : null}
      {view ? <StorageNoticeBanner notice={view.storageNotice} /> : null}
      {view && !selected ? (
        <EmptyState credentialRequests={view.kept} watchedStatuses={settings.watchedStatuses} />
      ) : null}
      {selected ? (
        <>
          {chosen?.status === 'ready' ? (
            <>
              <ReportActions
                report={() => buildReport(chosen.failure, now)}
                copy={copyText}
                onClear={clear}
              />
              <FailureDetail
                exchange={chosen.failure.exchange}
                diagnosis={chosen.failure.diagnosis}
                now={now}
                onCopy={copyText}
                {...(tabId === undefined
                  ? {}
                  : {
                      onRunExperiment: (causeId, preview) =>
                        runExperiment(
                          tabId,
                          chosen.failure.exchange.id,
                          causeId,
                          preview.kind,
                          preview.change,
                        ),
                    })}
              >
                <SignatureSection failure={chosen.failure} />
              </FailureDetail>
            </>
          ) : (
            <p class="muted" data-testid="failure-loading">
              {chosen?.status === 'gone'
                ? 'This failure is no longer in the tab’s history.'
                : 'Loading this failure…'}
            </p>
          )}
          <h2 class="section-title" id="failures-title">
            All failures on this tab
          </h2>
          <FailureList lines={lines} selectedKey={selected.key} onSelect={setSelectedKey} />
          {view && view.lineCount > lines.length ? (
            <button
              type="button"
              class="link-button more-lines"
              data-testid="more-failures"
              onClick={() => setLineLimit(lines.length + MORE_LINES)}
            >
              Show {Math.min(MORE_LINES, view.lineCount - lines.length)} more ({view.lineCount - lines.length}{' '}
              not shown)
            </button>
          ) : null}
          <p class="muted devtools-hint">
            The whole history of this tab, successes included, is in DevTools →{' '}
            <strong>Auth Inspector</strong>.
          </p>
        </>
      ) : null}
    </main>
  );
}

/** The opt-in signature check, for a signed JWT that names its issuer. */
function SignatureSection({ failure }: { failure: DiagnosedExchange }) {
  const { token } = failure.diagnosis;
  const issuer = issuerOf(failure.diagnosis);
  if (token === undefined || issuer === undefined) return null;
  return (
    <div data-testid="signature-check">
      <SignatureCheck
        key={failure.exchange.id}
        canVerify
        issuer={issuer}
        verify={() => verifySignature(token)}
      />
    </div>
  );
}
