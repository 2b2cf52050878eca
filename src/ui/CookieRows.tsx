import { useState } from 'preact/hooks';
import type { CookieRowView, CookieSessionView } from '../core/cookies/cookie-view.ts';
import { revealCookie } from '../shared/history-client.ts';
import { clip } from './format.ts';
import { VisibleText } from './visible-text.tsx';

const MODE_WORDS: Record<string, string> = {
  include: 'credentials: "include" — cookies asked for, on any origin',
  'same-origin':
    'credentials: "same-origin" (fetch\'s default; XHR without withCredentials) — cookies go to the page\'s own origin only',
  omit: 'credentials: "omit" — no cookies at all',
};

/**
 * The request's cookies in the credential section (issue 18): which went, which stayed in the jar
 * and why, and the Set-Cookie that ended or never started the session. A value is shown as its
 * length and fingerprint until the user clicks Reveal: then the worker reads the jar's value now,
 * and says when it is no longer the one the failure was judged with.
 */
export function CookieRows({ cookies }: { cookies: CookieSessionView }) {
  return (
    <div class="cookies" data-testid="cookies">
      <h4>Cookies</h4>
      {cookies.credentialsMode ? (
        <p class="muted" data-testid="credentials-mode">
          The page asked with {MODE_WORDS[cookies.credentialsMode] ?? clip(cookies.credentialsMode, 40)}.
        </p>
      ) : null}
      {cookies.rows.length === 0 ? (
        <p class="muted" data-testid="no-cookies">
          {cookies.jarRead
            ? 'No cookie in the browser for this request’s site or the page’s.'
            : 'The cookie jar was not read for this request.'}
        </p>
      ) : (
        <table class="cookie-table">
          <thead>
            <tr>
              <th scope="col">Cookie</th>
              <th scope="col">Sent</th>
              <th scope="col">Attributes</th>
              <th scope="col">Value</th>
            </tr>
          </thead>
          <tbody>
            {cookies.rows.map((row) => (
              <tr
                key={`${row.name}\n${row.domain}\n${row.path}`}
                data-testid="cookie-row"
                data-cookie={clip(row.name, 200)}
                data-sent={row.sent}
              >
                <th scope="row">
                  <code>
                    <VisibleText text={clip(row.name, 200)} />
                  </code>
                  {row.session ? <span class="chip">session</span> : null}
                  <div class="muted">
                    {clip(row.domain, 200)}
                    {clip(row.path, 200)}
                  </div>
                </th>
                <td data-testid="cookie-sent">
                  {row.sent
                    ? 'sent'
                    : `withheld: ${row.withheld.map((reason) => clip(reason, 80)).join('; ')}`}
                </td>
                <td>{row.attributes.map((attribute) => clip(attribute, 120)).join(', ')}</td>
                <td>
                  <CookieValue row={row} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {cookies.setCookies.length > 0 ? (
        <ul class="set-cookies" data-testid="set-cookies">
          {cookies.setCookies.map((item, index) => (
            <li key={`${index}:${item.name}`}>
              Set-Cookie <code>{clip(item.name, 200)}</code> ({clip(item.where, 200)}):{' '}
              {item.refused
                ? `refused by the browser — ${clip(item.refused, 80)}`
                : item.deletes
                  ? 'deleted by the server'
                  : item.expired
                    ? 'expired before this request'
                    : 'set by the server (a sign-in)'}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

type Revealed = { value: string; same: boolean } | 'gone' | 'failed';

/** Masked (length and fingerprint) until Reveal; the value is read from the jar on the click only. */
function CookieValue({ row }: { row: CookieRowView }) {
  const [revealed, setRevealed] = useState<Revealed | undefined>(undefined);
  const reveal = () => {
    const address = {
      name: row.name,
      domain: row.domain,
      path: row.path,
      ...(row.partitionTopLevelSite ? { partitionTopLevelSite: row.partitionTopLevelSite } : {}),
    };
    revealCookie(address).then(
      (found) =>
        setRevealed(found ? { value: found.value, same: found.fingerprint === row.fingerprint } : 'gone'),
      () => setRevealed('failed'),
    );
  };
  const shown = typeof revealed === 'object';
  return (
    <>
      <code class="secret" data-testid="cookie-value" data-revealed={shown}>
        {shown ? (
          <VisibleText text={clip(revealed.value, 4096)} />
        ) : (
          `•••• ${row.length === undefined ? '' : `${row.length} chars`}${row.fingerprint ? ` · ${row.fingerprint}` : ''}`
        )}
      </code>{' '}
      {shown ? (
        <button
          type="button"
          class="link-button"
          aria-label={`Hide the value of ${row.name}`}
          onClick={() => setRevealed(undefined)}
        >
          Hide
        </button>
      ) : (
        <button
          type="button"
          class="link-button"
          aria-label={`Reveal the value of ${row.name}`}
          onClick={reveal}
        >
          Reveal
        </button>
      )}
      <span class="muted" role="status">
        {revealed === 'gone'
          ? ' no longer in the jar'
          : revealed === 'failed'
            ? ' could not be read'
            : shown && !revealed.same
              ? ' (changed since the failure)'
              : ''}
      </span>
    </>
  );
}
