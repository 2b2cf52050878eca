import { useEffect, useState } from 'preact/hooks';
import type { CookieSessionView } from '../core/cookies/cookie-view.ts';
import type { CredentialSummary } from '../core/credential-summary.ts';
import { clip } from './format.ts';
import { hasHiddenCharacters, VisibleText } from './visible-text.tsx';

/**
 * A revealed value is shown up to this length (a page can send a megabyte "token"); Copy still
 * copies all of it.
 */
const SHOWN_SECRET_CHARS = 4096;

/** Each credential the request carried, masked until the user asks to see it. */
export function CredentialView({
  credentials,
  cookies,
  onCopy,
}: {
  credentials: CredentialSummary[];
  /** The request's cookies, when the diagnosis knows them (issue 18). */
  cookies?: CookieSessionView | undefined;
  /** Copies a revealed value; absent where copying is not offered. */
  onCopy?: (text: string) => Promise<void>;
}) {
  return (
    <section class="card credentials" aria-label="Credential">
      <h3>Credential</h3>
      {credentials.length === 0 ? (
        <p class="muted" data-testid="no-credential">
          {cookies
            ? 'No Authorization, API-key or token header, and no token in the URL: a cookie session, if any.'
            : 'The request carried no credential: no Authorization, API-key or token header, and no token in the URL.'}
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
      {cookies ? <LazyCookieRows cookies={cookies} /> : null}
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
        <code>
          <VisibleText text={clip(credential.header, 200)} />
        </code>
        {credential.scheme ? (
          <>
            {' '}
            scheme{' '}
            <code data-testid="credential-scheme">
              <VisibleText text={clip(credential.scheme, 100)} />
            </code>
          </>
        ) : null}
      </dd>
      <dt>Kind</dt>
      <dd data-testid="credential-kind">{clip(credential.kind, 300)}</dd>
      {credential.notes.length > 0 || hidden ? (
        <>
          <dt>Shape</dt>
          <dd>
            <ul class="shape-notes" data-testid="credential-notes">
              {credential.notes.slice(0, 20).map((note, index) => (
                <li key={`${index}:${note}`}>
                  <VisibleText text={clip(note, 500)} />
                </li>
              ))}
            </ul>
          </dd>
        </>
      ) : null}
      <dt>Value</dt>
      <dd class="secret-row">
        <code class="secret" data-testid="credential-value" data-revealed={revealed}>
          {revealed ? <VisibleText text={clip(credential.secret, SHOWN_SECRET_CHARS)} /> : credential.masked}
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

type CookieRowsComponent = typeof import('./CookieRows.tsx').CookieRows;
let loadedCookieRows: CookieRowsComponent | undefined;

/**
 * The cookie list loads with the first failure that has cookie facts: most failures carry a token,
 * and the popup's and panel's up-front JavaScript has a budget (npm run size).
 */
function LazyCookieRows({ cookies }: { cookies: CookieSessionView }) {
  const [Rows, setRows] = useState<CookieRowsComponent | undefined>(() => loadedCookieRows);
  useEffect(() => {
    if (Rows) return;
    let live = true;
    void import('./CookieRows.tsx').then((module) => {
      loadedCookieRows = module.CookieRows;
      if (live) setRows(() => module.CookieRows);
    });
    return () => {
      live = false;
    };
  }, [Rows]);
  return Rows ? <Rows cookies={cookies} /> : null;
}
