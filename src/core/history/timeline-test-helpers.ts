/** Test-only: a tab's history as the recorder and the panel would hold it, diagnosed in order. */
import { makeExchange } from '../../../test/make-exchange.ts';
import { epochSeconds, mintJwt } from '../../../test/mint-jwt.ts';
import { isAuthFailure } from '../auth-failure.ts';
import { diagnose } from '../diagnose.ts';
import type { Exchange } from '../exchange.ts';
import { credentialKey } from './credential-key.ts';
import type { DiagnosedExchange } from './group-failures.ts';

export const T0 = Date.UTC(2026, 10, 21, 12, 0, 0);
export const MINUTE = 60_000;

let serial = 0;

/** An access token as an OAuth server would mint it; `jti` keeps every token distinct. */
export function accessToken(issuedAt: number, lifetimeMs: number): string {
  serial++;
  return mintJwt({
    iss: 'https://login.example.com/',
    sub: 'alice',
    aud: 'https://api.example.com',
    scope: 'orders:read',
    jti: `t${serial}`,
    iat: epochSeconds(issuedAt),
    exp: epochSeconds(issuedAt + lifetimeMs),
  });
}

export interface Step {
  at: number;
  /** Sent as `Authorization: Bearer <token>`; none for an unauthenticated request. */
  token?: string;
  status: number;
  url?: string;
  /** RFC 6750 §3 error_description, sent in a Bearer challenge with a 401. */
  challenge?: string;
  /** A token-endpoint request instead (issue 17): its form body and the endpoint's answer. */
  grant?: { requestBody: string; body: string; url?: string };
}

/** Exchanges for the steps, each diagnosed against the ones before it (as the panel does). */
export function diagnosedHistory(steps: readonly Step[], now: number): DiagnosedExchange[] {
  const exchanges: Exchange[] = steps.map((step, index) => {
    if (step.grant) {
      const grant = makeExchange({
        method: 'POST',
        at: step.at,
        status: step.status,
        url: step.grant.url ?? 'https://login.example.com/oauth/token',
        request: { 'content-type': 'application/x-www-form-urlencoded' },
        requestBody: step.grant.requestBody,
        body: step.grant.body,
      });
      return { ...grant, id: `x${index}`, failed: isAuthFailure(grant) };
    }
    return {
      ...makeExchange({
        at: step.at,
        status: step.status,
        url: step.url ?? `https://api.example.com/v1/orders?n=${index}`,
        request: step.token ? { authorization: `Bearer ${step.token}` } : {},
        response:
          step.status === 401
            ? {
                'www-authenticate': `Bearer realm="api", error="invalid_token"${step.challenge ? `, error_description="${step.challenge}"` : ''}`,
              }
            : {},
        failed: isAuthFailure({ status: step.status }),
      }),
      id: `x${index}`,
    };
  });
  return exchanges.map((exchange, index) => ({
    exchange,
    diagnosis: diagnose(exchange, { now, history: exchanges.slice(0, index) }),
  }));
}

/** Steps every `everyMs` from `from`, with one token and one status. */
export function repeat(count: number, from: number, everyMs: number, step: Omit<Step, 'at'>): Step[] {
  return Array.from({ length: count }, (_, index) => ({ ...step, at: from + index * everyMs }));
}

export function fingerprintOf(token: string): string {
  return credentialKey(makeExchange({ status: 200, request: { authorization: `Bearer ${token}` } })) ?? '';
}
