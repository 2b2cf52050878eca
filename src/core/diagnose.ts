import { CAUSE_DETECTORS } from './causes/catalogue.ts';
import { CAUSE_IDS, type Cause, type CauseId } from './causes/cause.ts';
import { cookieSessionView } from './cookies/cookie-view.ts';
import { summariseCredentials } from './credential-summary.ts';
import { type DiagnosisView, tokenFields } from './diagnosis-view.ts';
import type { Exchange } from './exchange.ts';
import { type Facts, gatherFacts } from './facts.ts';
import type { StoredToken } from './page-tokens/find-stored-tokens.ts';

export interface DiagnoseOptions {
  /** The moment "now" for relative times; tests pass a fixed one. */
  now: number;
  /** Clock-skew tolerance in seconds (default 60). */
  skewToleranceSeconds?: number;
  /** The tab's recorded exchanges, oldest first; the diagnosed one may be among them. */
  history?: readonly Exchange[];
  /** Tokens the page keeps now (localStorage, sessionStorage, readable cookies). */
  pageTokens?: readonly StoredToken[];
  /** Header names the user declared as credentials (settings), lower-case. */
  extraCredentialHeaders?: ReadonlySet<string>;
}

/** The view the pages show, with the facts it was drawn from (kept in the worker and tests). */
export interface Diagnosis extends DiagnosisView {
  facts: Facts;
}

/** Runs every detector on a failed exchange and ranks what they find. Never throws. */
export function diagnose(exchange: Exchange, options: DiagnoseOptions): Diagnosis {
  const facts = gatherFacts(exchange, {
    now: options.now,
    toleranceMs: (options.skewToleranceSeconds ?? 60) * 1000,
    // Not filtered: a copy of the tab's history per diagnosis made 500 failures cost a million
    // copied entries. Detectors that read the history skip the diagnosed exchange themselves.
    history: options.history ?? [],
    pageTokens: options.pageTokens ?? [],
    ...(options.extraCredentialHeaders ? { extraCredentialHeaders: options.extraCredentialHeaders } : {}),
  });
  const credentials = summariseCredentials(facts);
  const diagnosis: Diagnosis = { facts, credentials, causes: [], ...tokenFields(facts) };
  const cookies = exchange.failed ? cookieSessionView(facts.cookies) : undefined;
  if (cookies) diagnosis.cookies = cookies;
  if (!exchange.failed) return diagnosis;
  const found: Cause[] = [];
  for (const detector of CAUSE_DETECTORS) {
    try {
      const cause = detector.detect(facts);
      if (cause) found.push(cause);
    } catch (error) {
      // A detector bug must not hide the other causes; it becomes a visible finding instead.
      found.push(detectorFailure(detector.id, error));
    }
  }
  const causes = rankCauses(found);
  diagnosis.causes = causes.length ? causes : [unknownCause(facts)];
  return diagnosis;
}

/** Higher score first; ties keep vocabulary order so the ranking is deterministic. */
export function rankCauses(causes: readonly Cause[]): Cause[] {
  const order = (id: CauseId) => CAUSE_IDS.indexOf(id);
  return [...causes].sort((a, b) => b.score - a.score || order(a.id) - order(b.id));
}

function unknownCause(facts: Facts): Cause {
  return {
    id: 'unknown',
    title: 'No known cause fits this failure',
    evidence: [
      {
        source: 'status',
        text: `Checked: credential headers (${facts.credentialHeaders.length} sent), Authorization syntax, token decoding and times, the WWW-Authenticate challenge${facts.exchange.responseBody ? ' and the response body' : ''}.`,
      },
    ],
    fix: 'Look at the server logs for this request; the response gave no reason Auth Inspector recognises.',
    confidence: 'low',
    score: 0,
    rankReason: 'Shown only when no other cause applies.',
  };
}

function detectorFailure(id: CauseId, error: unknown): Cause {
  return {
    id: 'unknown',
    title: `The ${id} check failed on this input`,
    evidence: [{ source: 'status', text: error instanceof Error ? error.message : String(error) }],
    fix: 'Please report this with a redacted copy of the request.',
    confidence: 'low',
    score: -1,
    rankReason: 'An internal error, listed last.',
  };
}
