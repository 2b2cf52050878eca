import type { DiagnosisView } from '../diagnosis-view.ts';
import type { Exchange } from '../exchange.ts';
import { credentialKey } from './credential-key.ts';

export interface DiagnosedExchange {
  exchange: Exchange;
  diagnosis: DiagnosisView;
}

export interface FailureGroup {
  /** Stable for the group: what failed, how, and with which credential. */
  key: string;
  /** The newest failure of the group; the one shown when the group is chosen. */
  newest: DiagnosedExchange;
  count: number;
}

/**
 * Failures of the same request, with the same credential, refused the same way, are one line
 * ("×37"): an app retrying in a loop should not bury the one different failure. Input newest
 * first; groups keep the order of their newest member.
 */
export function groupFailures(failures: readonly DiagnosedExchange[]): FailureGroup[] {
  const groups = new Map<string, FailureGroup>();
  for (const failure of failures) {
    const key = groupKey(failure);
    const group = groups.get(key);
    if (group) group.count++;
    else groups.set(key, { key, newest: failure, count: 1 });
  }
  return [...groups.values()];
}

function groupKey({ exchange, diagnosis }: DiagnosedExchange): string {
  let path = exchange.url;
  try {
    const url = new URL(exchange.url);
    path = `${url.host}${url.pathname}`;
  } catch {
    // Not a URL: the whole string identifies it.
  }
  return [
    exchange.method,
    path,
    exchange.status,
    credentialKey(exchange) ?? '-',
    diagnosis.causes[0]?.id ?? '-',
  ].join(' ');
}
