import type { ComponentChildren } from 'preact';
import type { DiagnosisView } from '../core/diagnosis-view.ts';
import type { Exchange } from '../core/exchange.ts';
import { CauseList, type RunCauseExperiment } from './CauseList.tsx';
import { ClaimsTable } from './ClaimsTable.tsx';
import { CredentialView } from './CredentialView.tsx';
import { ExchangeSummary } from './ExchangeSummary.tsx';
import { clip } from './format.ts';
import { PartialViewNotice } from './PartialViewNotice.tsx';
import { TimeStrip } from './TimeStrip.tsx';
import { TokenRequestView } from './TokenRequestView.tsx';

/**
 * The verdict for one exchange: headline, request, ranked causes, then the credential, its
 * lifetime and its claims. `children` go after the claims (the popup's signature check).
 */
export function FailureDetail({
  exchange,
  diagnosis,
  now,
  onCopy,
  onRunExperiment,
  children,
}: {
  exchange: Exchange;
  diagnosis: DiagnosisView;
  now: number;
  onCopy?: (text: string) => Promise<void>;
  /** Runs an experiment for one of this failure's causes (absent: experiments are shown, not offered). */
  onRunExperiment?: RunCauseExperiment;
  children?: ComponentChildren;
}) {
  const top = diagnosis.causes[0];
  return (
    <article class="failure-detail" data-testid="failure-detail" data-exchange-id={exchange.id}>
      <header class="verdict">
        <h2 class="headline">
          {top
            ? clip(top.title, 300)
            : exchange.tokenRequest
              ? 'This token request succeeded'
              : 'This request carried a credential and succeeded'}
        </h2>
        <ExchangeSummary exchange={exchange} now={now} />
      </header>
      {exchange.experiment ? (
        <p class="finding experiment-note" data-testid="experiment-note">
          An experiment Auth Inspector sent on your click, to test “{clip(exchange.experiment.causeId, 100)}”
          of an earlier failure. It is not the app’s request and is not counted as a failure:{' '}
          {clip(exchange.experiment.reason, 500)}
        </p>
      ) : null}
      <PartialViewNotice exchange={exchange} />
      {diagnosis.causes.length > 0 ? (
        <CauseList
          key={exchange.id}
          causes={diagnosis.causes}
          experiments={diagnosis.experiments ?? []}
          {...(onRunExperiment ? { onRunExperiment } : {})}
        />
      ) : null}
      <TokenRequestView exchange={exchange} />
      <CredentialView
        credentials={diagnosis.credentials}
        cookies={diagnosis.cookies}
        {...(onCopy ? { onCopy } : {})}
      />
      <TimeStrip times={diagnosis.localTimes} serverClock={diagnosis.serverClock} now={now} />
      <ClaimsTable jwt={diagnosis.jwt} now={now} serverSkewMs={diagnosis.serverClock?.skewMs} />
      {diagnosis.token !== undefined && diagnosis.jwt === undefined && diagnosis.credentials.length > 0 ? (
        <p class="muted" data-testid="not-a-jwt">
          The token is not a JWT, so there are no claims to decode: its kind is told above from its shape.
        </p>
      ) : null}
      {children}
    </article>
  );
}
