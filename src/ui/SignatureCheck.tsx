import type { ComponentChildren } from 'preact';
import { useRef, useState } from 'preact/hooks';
import type { SignatureCheck as SignatureCheckResult } from '../core/verify/verify-signature.ts';
import './signature-check.css';

type CheckState =
  | { phase: 'idle' }
  | { phase: 'busy' }
  | { phase: 'done'; result: SignatureCheckResult }
  | { phase: 'failed'; message: string };

/**
 * The opt-in signature check: nothing is fetched until the user asks, because asking contacts the
 * token's issuer. Props in only; the caller supplies `verify` (core logic plus the shell's fetch).
 * Give it a `key` per exchange so a result never outlives the token it was computed for.
 */
export function SignatureCheck({
  canVerify,
  verify,
  issuer,
}: {
  canVerify: boolean;
  verify: () => Promise<SignatureCheckResult>;
  /** The token's iss, to name whom the check contacts. */
  issuer?: string;
}) {
  const [state, setState] = useState<CheckState>({ phase: 'idle' });
  // Only the latest click may set the result, whatever order the answers arrive in.
  const latest = useRef(0);
  if (!canVerify) return null;

  const busy = state.phase === 'busy';
  const run = async () => {
    const attempt = ++latest.current;
    setState({ phase: 'busy' });
    let next: CheckState;
    try {
      next = { phase: 'done', result: await verify() };
    } catch (error) {
      next = { phase: 'failed', message: error instanceof Error ? error.message : String(error) };
    }
    if (attempt === latest.current) setState(next);
  };

  return (
    <section class="card signature-check" aria-label="Signature" aria-busy={busy}>
      <h3>Signature</h3>
      <div class="signature-action">
        <button type="button" class="link-button" disabled={busy} onClick={run}>
          Verify signature
        </button>
        <span class="muted">
          Fetches {issuer ? <code>{clip(issuer)}</code> : 'the issuer'}'s public keys; the token is not sent.
        </span>
      </div>
      <div class="signature-outcome" aria-live="polite">
        {state.phase === 'busy' ? <p class="muted">Fetching the issuer's keys…</p> : null}
        {state.phase === 'done' ? <Outcome result={state.result} /> : null}
        {state.phase === 'failed' ? (
          <p class="signature-result signature-bad" data-signature-status="error">
            The check failed: {state.message}
          </p>
        ) : null}
      </div>
    </section>
  );
}

function Outcome({ result }: { result: SignatureCheckResult }) {
  switch (result.status) {
    case 'valid':
      return (
        <Verdict status={result.status} tone="ok">
          The signature is valid: the token is genuine, so the rejection is about its claims or the API's
          configuration.
          <Facts>
            Verified with {result.kid ? <code>{clip(result.kid)}</code> : 'the issuer key'} ({result.alg})
            from <code>{clip(result.jwksUri)}</code>
          </Facts>
        </Verdict>
      );
    case 'invalid':
      return (
        <Verdict status={result.status} tone="bad">
          The signature does not match: the token was altered, or it comes from another environment.
          <Facts>{result.detail}</Facts>
        </Verdict>
      );
    case 'key-not-found':
      return (
        <Verdict status={result.status} tone="bad">
          {result.kid === undefined ? (
            <>The token names no key (no kid) and the issuer's JWKS has no {result.alg} key</>
          ) : (
            <>
              No key with kid <code>{clip(result.kid)}</code> in the issuer's JWKS
            </>
          )}
          : the key was rotated, or the token comes from another environment.
          <Facts>
            {result.kids.length > 0 ? (
              <>
                The JWKS at <code>{clip(result.jwksUri)}</code> has{' '}
                {result.kids.slice(0, SHOWN_KIDS).map((kid, index) => (
                  <span key={kid}>
                    {index > 0 ? ', ' : ''}
                    <code>{clip(kid)}</code>
                  </span>
                ))}
                {result.kids.length > SHOWN_KIDS ? ` and ${result.kids.length - SHOWN_KIDS} more` : ''}.
              </>
            ) : (
              <>
                The JWKS at <code>{clip(result.jwksUri)}</code> names no kids.
              </>
            )}
          </Facts>
        </Verdict>
      );
    case 'issuer-unreachable':
      return (
        <Verdict status={result.status} tone="neutral">
          {result.detail}
        </Verdict>
      );
    case 'unsupported':
      return (
        <Verdict status={result.status} tone="neutral">
          {result.detail}
        </Verdict>
      );
  }
}

function Verdict({
  status,
  tone,
  children,
}: {
  status: SignatureCheckResult['status'];
  tone: 'ok' | 'bad' | 'neutral';
  children: ComponentChildren;
}) {
  return (
    <p class={`signature-result signature-${tone}`} data-signature-status={status}>
      {children}
    </p>
  );
}

function Facts({ children }: { children: ComponentChildren }) {
  return <span class="signature-facts">{children}</span>;
}

/** Kids and URLs come from the token and the issuer: shown at a bounded length and count. */
const SHOWN_KIDS = 20;

function clip(text: string, max = 120): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
