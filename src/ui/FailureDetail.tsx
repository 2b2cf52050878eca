import type { Diagnosis } from '../core/diagnose.ts';
import type { Exchange } from '../core/exchange.ts';
import { CauseList } from './CauseList.tsx';
import { ClaimsTable } from './ClaimsTable.tsx';
import { CredentialView } from './CredentialView.tsx';
import { ExchangeSummary } from './ExchangeSummary.tsx';

/** The verdict for one exchange: headline, request, ranked causes, credential, decoded token. */
export function FailureDetail({
  exchange,
  diagnosis,
  now,
}: {
  exchange: Exchange;
  diagnosis: Diagnosis;
  now: number;
}) {
  const top = diagnosis.causes[0];
  return (
    <article class="failure-detail" data-testid="failure-detail" data-exchange-id={exchange.id}>
      <header class="verdict">
        <h2 class="headline">{top ? top.title : 'This request carried a credential and succeeded'}</h2>
        <ExchangeSummary exchange={exchange} now={now} />
      </header>
      {diagnosis.causes.length > 0 ? <CauseList causes={diagnosis.causes} /> : null}
      <CredentialView credentials={diagnosis.credentials} />
      <ClaimsTable jwt={diagnosis.facts.jwt} now={now} />
    </article>
  );
}
