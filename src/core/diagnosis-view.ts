import type { Cause } from './causes/cause.ts';
import type { CookieSessionView } from './cookies/cookie-view.ts';
import type { CredentialSummary } from './credential-summary.ts';
import type { CauseExperiments } from './experiments/experiment-view.ts';
import type { ServerClock } from './time/server-clock.ts';
import type { TokenTimes } from './time/token-times.ts';
import type { JwtDecodeResult } from './tokens/decode-jwt.ts';
import { transportableJson } from './tokens/transportable-json.ts';

/**
 * What the popup and the panel show of a diagnosis: plain data, safe to send from the worker
 * (which diagnoses) to a page (which only renders). It leaves out the `Facts` the detectors read,
 * which hold the tab's whole history and the page's stored tokens.
 */
export interface DiagnosisView {
  credentials: CredentialSummary[];
  /** Most likely first. Empty for an exchange that did not fail. */
  causes: Cause[];
  /** The bearer-style token that was decoded (for the opt-in signature check), when there is one. */
  token?: string;
  jwt?: JwtDecodeResult;
  /** Token times against the local clock at the moment of the request. */
  localTimes?: TokenTimes;
  /** Token times against the server's clock, when it sent a Date header. */
  serverTimes?: TokenTimes;
  serverClock?: ServerClock;
  /** Per cause: the experiments that can test it and what the last one proved (a failure only). */
  experiments?: CauseExperiments[];
  /** The request's cookies: sent or withheld and why, and the Set-Cookie that ended the session (issue 18). */
  cookies?: CookieSessionView;
}

export type TokenFields = Pick<DiagnosisView, 'token' | 'jwt' | 'localTimes' | 'serverTimes' | 'serverClock'>;

/** The token fields that are set, from a diagnosis or the facts it was drawn from. */
export function tokenFields(source: TokenFields): TokenFields {
  const fields: TokenFields = {};
  if (source.token !== undefined) fields.token = source.token;
  if (source.jwt !== undefined) fields.jwt = source.jwt;
  if (source.localTimes !== undefined) fields.localTimes = source.localTimes;
  if (source.serverTimes !== undefined) fields.serverTimes = source.serverTimes;
  if (source.serverClock !== undefined) fields.serverClock = source.serverClock;
  return fields;
}

/**
 * The view alone, without anything else a diagnosis carries (its facts), ready to be sent: the
 * decoded token is copied so that a page-made payload cannot fail the message (transportableJson).
 */
export function viewOfDiagnosis(diagnosis: DiagnosisView): DiagnosisView {
  const view: DiagnosisView = {
    credentials: diagnosis.credentials,
    causes: diagnosis.causes,
    ...tokenFields(diagnosis),
    ...(diagnosis.experiments ? { experiments: diagnosis.experiments } : {}),
    ...(diagnosis.cookies ? { cookies: diagnosis.cookies } : {}),
  };
  if (view.jwt !== undefined) view.jwt = transportableJwt(view.jwt);
  return view;
}

function transportableJwt(jwt: JwtDecodeResult): JwtDecodeResult {
  if (jwt.kind === 'invalid') return jwt;
  if (jwt.kind === 'jwe') return { ...jwt, header: transportableJson(jwt.header) };
  return { ...jwt, header: transportableJson(jwt.header), payload: transportableJson(jwt.payload) };
}
