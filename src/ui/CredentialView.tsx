import { useState } from 'preact/hooks';
import type { CredentialSummary } from '../core/credential-summary.ts';

/** Each credential the request carried, masked until the user asks to see it. */
export function CredentialView({ credentials }: { credentials: CredentialSummary[] }) {
  if (credentials.length === 0) {
    return (
      <section class="card credentials" aria-label="Credential">
        <h3>Credential</h3>
        <p class="muted">The request carried no credential header.</p>
      </section>
    );
  }
  return (
    <section class="card credentials" aria-label="Credential">
      <h3>Credential</h3>
      {credentials.map((credential) => (
        <CredentialRow key={`${credential.header}:${credential.fingerprint}`} credential={credential} />
      ))}
    </section>
  );
}

function CredentialRow({ credential }: { credential: CredentialSummary }) {
  const [revealed, setRevealed] = useState(false);
  return (
    <dl class="credential" data-testid="credential">
      <dt>Header</dt>
      <dd>
        <code>{credential.header}</code>
        {credential.scheme ? (
          <>
            {' '}
            scheme <code data-testid="credential-scheme">{credential.scheme}</code>
          </>
        ) : null}
      </dd>
      <dt>Kind</dt>
      <dd data-testid="credential-kind">{credential.kind}</dd>
      {credential.notes.length > 0 ? (
        <>
          <dt>Shape</dt>
          <dd>
            <ul class="shape-notes" data-testid="credential-notes">
              {credential.notes.map((note) => (
                <li key={note}>{note}</li>
              ))}
            </ul>
          </dd>
        </>
      ) : null}
      <dt>Value</dt>
      <dd class="secret-row">
        <code class="secret" data-testid="credential-value" data-revealed={revealed}>
          {revealed ? credential.secret : credential.masked}
        </code>
        <button
          type="button"
          class="link-button"
          aria-pressed={revealed}
          onClick={() => setRevealed(!revealed)}
        >
          {revealed ? 'Hide' : 'Reveal'}
        </button>
      </dd>
      <dt>Fingerprint</dt>
      <dd>
        <code>{credential.fingerprint}</code>
      </dd>
    </dl>
  );
}
