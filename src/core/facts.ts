import { type CookieFacts, gatherCookieFacts } from './cookies/cookie-facts.ts';
import { isCredentialHeader } from './credential-headers.ts';
import type { SentCredential } from './credentials/credential.ts';
import { findCredentials } from './credentials/find-credentials.ts';
import {
  type AuthorizationCredential,
  bareToken,
  parseAuthorization,
} from './credentials/parse-authorization.ts';
import { type Exchange, type HeaderEntry, headerValue, headerValues } from './exchange.ts';
import type { StoredToken } from './page-tokens/find-stored-tokens.ts';
import {
  type AuthChallenge,
  parseWwwAuthenticate,
  type WwwAuthenticate,
} from './signals/parse-www-authenticate.ts';
import { readServerSignals } from './signals/read-server-signals.ts';
import type { ServerSignal } from './signals/server-signal.ts';
import { readServerClock, type ServerClock } from './time/server-clock.ts';
import { type TokenTimes, tokenTimes } from './time/token-times.ts';
import { classifyTokenFailure, type TokenFailure } from './token-endpoint/classify-token-failure.ts';
import { decodeJwt, type JwtDecodeResult, looksLikeJwt } from './tokens/decode-jwt.ts';

/**
 * Everything the cause detectors read, computed once per exchange: the credential as a server
 * would parse it, the decoded token, its times against both clocks, and the server's challenge.
 */
export interface Facts {
  exchange: Exchange;
  /**
   * The tab's exchanges, oldest first (for "worked before" questions). It may hold the diagnosed
   * exchange itself: a detector that reads it skips `exchange` by id.
   */
  history: readonly Exchange[];
  /** Tokens the page keeps in storage now. */
  pageTokens: readonly StoredToken[];
  now: number;
  toleranceMs: number;
  /** Every credential-bearing request header that was sent. */
  credentialHeaders: HeaderEntry[];
  /** Every credential the request carried (headers and URL), identified by shape. */
  credentials: SentCredential[];
  /** What the server said about the failure, normalised across vendors. */
  signals: ServerSignal[];
  authorization?: { header: string; value: string; parsed: AuthorizationCredential };
  /** The bearer-style token (Bearer, DPoP, token, Bot, or a bare value), when there is one. */
  token?: string;
  jwt?: JwtDecodeResult;
  /** Token times against the local clock at the moment of the request. */
  localTimes?: TokenTimes;
  /** Token times against the server's clock (from its Date header), when it sent one. */
  serverTimes?: TokenTimes;
  serverClock?: ServerClock;
  challenge: WwwAuthenticate;
  /** The RFC 6750 §3 error the server stated, from a Bearer or DPoP challenge. */
  bearerError?: BearerError;
  /** A refused token request (issue 17): what the endpoint refused, read once for every detector. */
  tokenFailure?: TokenFailure;
  /** The request's cookies (issue 18): the jar judged against it, Set-Cookie history, the CORS answer. */
  cookies: CookieFacts;
}

export interface BearerError {
  challenge: AuthChallenge;
  error?: string;
  description?: string;
  scope?: string;
}

const TOKEN_SCHEMES = new Set(['bearer', 'dpop', 'token', 'bot', 'jwt', '']);

export interface FactOptions {
  now: number;
  toleranceMs: number;
  history?: readonly Exchange[];
  pageTokens?: readonly StoredToken[];
  extraCredentialHeaders?: ReadonlySet<string>;
}

export function gatherFacts(exchange: Exchange, options: FactOptions): Facts {
  const extra = options.extraCredentialHeaders;
  const credentialHeaders = exchange.requestHeaders.filter((header) =>
    isCredentialHeader(header.name, extra),
  );
  const facts: Facts = {
    exchange,
    history: options.history ?? [],
    pageTokens: options.pageTokens ?? [],
    now: options.now,
    toleranceMs: options.toleranceMs,
    credentialHeaders,
    credentials: findCredentials({
      url: exchange.url,
      headers: exchange.requestHeaders,
      ...(extra ? { extraCredentialHeaders: extra } : {}),
    }),
    signals: [],
    cookies: gatherCookieFacts(exchange, options.history ?? []),
    challenge: parseWwwAuthenticate(headerValues(exchange.responseHeaders, 'www-authenticate')),
  };
  if (exchange.tokenRequest) {
    const tokenFailure = classifyTokenFailure(exchange);
    if (tokenFailure) facts.tokenFailure = tokenFailure;
  }
  if (exchange.failed) {
    facts.signals = readServerSignals({
      status: exchange.status,
      headers: exchange.responseHeaders,
      ...(exchange.responseBody ? { body: exchange.responseBody.text } : {}),
      challenge: facts.challenge,
    });
  }

  const authHeader = credentialHeaders.find((header) => header.name === 'authorization');
  if (authHeader) {
    const parsed = parseAuthorization(authHeader.value);
    facts.authorization = { header: authHeader.name, value: authHeader.value, parsed };
    if (TOKEN_SCHEMES.has(parsed.schemeKey)) facts.token = bareToken(parsed);
  }
  // A token that starts like a JWT is decoded even with the wrong number of parts: "cut after the
  // payload" is itself the diagnosis.
  if (facts.token !== undefined && (looksLikeJwt(facts.token) || /^eyJ[\w-]*\./.test(facts.token))) {
    facts.jwt = decodeJwt(facts.token);
  }

  facts.serverClock = readServerClock(headerValue(exchange.responseHeaders, 'date'), exchange.completedAt);
  if (facts.jwt?.kind === 'jws') {
    facts.localTimes = tokenTimes(facts.jwt.payload, exchange.startedAt, options.toleranceMs);
    if (facts.serverClock) {
      const serverNow = exchange.startedAt + facts.serverClock.skewMs;
      facts.serverTimes = tokenTimes(facts.jwt.payload, serverNow, options.toleranceMs);
    }
  }

  const stated = facts.challenge.challenges.find(
    (challenge) =>
      (challenge.schemeKey === 'bearer' || challenge.schemeKey === 'dpop') && challenge.params.error,
  );
  const bearer = stated ?? facts.challenge.challenges.find((challenge) => challenge.schemeKey === 'bearer');
  if (bearer) {
    facts.bearerError = {
      challenge: bearer,
      ...(bearer.params.error === undefined ? {} : { error: bearer.params.error }),
      ...(bearer.params.error_description === undefined
        ? {}
        : { description: bearer.params.error_description }),
      ...(bearer.params.scope === undefined ? {} : { scope: bearer.params.scope }),
    };
  }
  return facts;
}

/** The challenge as it was sent, for evidence lines. */
export function challengeText(facts: Facts): string | undefined {
  const values = headerValues(facts.exchange.responseHeaders, 'www-authenticate');
  return values.length ? `WWW-Authenticate: ${values.join(', ')}` : undefined;
}
