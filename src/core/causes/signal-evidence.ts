import type { Facts } from '../facts.ts';
import type { ServerSignal, SignalKind } from '../signals/server-signal.ts';
import type { Evidence } from './cause.ts';

/** The first thing the server said of one of these kinds. */
export function findSignal(facts: Facts, ...kinds: SignalKind[]): ServerSignal | undefined {
  return facts.signals.find((signal) => kinds.includes(signal.kind));
}

/** A server statement quoted as evidence, with its vendor code when it has one. */
export function signalEvidence(signal: ServerSignal): Evidence {
  const code = signal.code && !signal.message.includes(signal.code) ? signal.code : '';
  if (signal.where === 'response-header') {
    return { source: signal.where, text: `WWW-Authenticate: ${code ? `${code} — ` : ''}${signal.message}` };
  }
  return { source: signal.where, text: `${code ? `${code}: ` : ''}${signal.message}` };
}
