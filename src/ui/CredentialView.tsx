import { useState } from 'preact/hooks';
import type { CredentialSummary } from '../core/credential-summary.ts';
import { hasHiddenCharacters, VisibleText } from './visible-text.tsx';

/** Each credential the request carried, masked until the user asks to see it. */
export function CredentialView({
  credentials,
  onCopy,
}: {
  credentials: CredentialSummary[];
  /** Copies a revealed value; absent where copying is not offered. */
  onCopy?: (text: string) => Promise<void>;
}) {
  return (
    <section class="card credentials" aria-label="Credential">
      <h3>Credential</h3>
      {credentials.length === 0 ? (
        <p class="muted" data-testid="no-credential">
          The request carried no credential: no Authorization, API-key or token header, and no token in the
          URL.
        </p>
      ) : (
        credentials.map((credential) => (
          <CredentialRow
            key={`${credential.header}:${credential.fingerprint}`}
            credential={credential}
            onCopy={onCopy}
          />
        ))
      )}
    </section>
  );
}

function CredentialRow({
  credential,
  onCopy,
}: {
  credential: CredentialSummary;
  onCopy: ((text: string) => Promise<void>) | undefined;
}) {
  const [revealed, setRevealed] = useState(false);
  const [copied, setCopied] = useState('');
  const hidden = hasHiddenCharacters(credential.secret);
  const copy = () => {
    if (!onCopy) return;
    onCopy(credential.secret).then(
      () => setCopied('Copied'),
      () => setCopied('Could not copy'),
    );
  };
  return (
    <dl class="credential" data-testid="credential">
      <dt>Sent in</dt>
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
      {credential.notes.length > 0 || hidden ? (
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
          {revealed ? <VisibleText text={credential.secret} /> : credential.masked}
        </code>
        <span class="secret-actions">
          <button
            type="button"
            class="link-button"
            aria-pressed={revealed}
            onClick={() => setRevealed(!revealed)}
          >
            {revealed ? 'Hide' : 'Reveal'}
          </button>
          {revealed && onCopy ? (
            <button type="button" class="link-button" onClick={copy}>
              Copy
            </button>
          ) : null}
          <span class="copy-status" role="status">
            {copied}
          </span>
        </span>
      </dd>
      <dt>Fingerprint</dt>
      <dd>
        <code>{credential.fingerprint}</code>
      </dd>
    </dl>
  );
}
