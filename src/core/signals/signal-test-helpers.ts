/** Test-only: build a SignalInput the way the engine would, from a response as a vendor sends it. */
import type { HeaderEntry } from '../exchange.ts';
import { parseWwwAuthenticate } from './parse-www-authenticate.ts';
import type { ServerSignal, SignalInput } from './server-signal.ts';

export interface ResponseInit {
  status?: number;
  /** Header names in any case (lower-cased here, as the engine does); arrays for repeated fields. */
  headers?: Record<string, string | readonly string[]>;
  /** A string is sent as is; anything else as JSON. */
  body?: string | object;
}

/** Defaults to a 401; the challenge is parsed from the WWW-Authenticate fields with parseWwwAuthenticate. */
export function response(init: ResponseInit = {}): SignalInput {
  const headers: HeaderEntry[] = [];
  for (const [name, value] of Object.entries(init.headers ?? {})) {
    for (const v of typeof value === 'string' ? [value] : value)
      headers.push({ name: name.toLowerCase(), value: v });
  }
  const challenge = parseWwwAuthenticate(
    headers.filter((h) => h.name === 'www-authenticate').map((h) => h.value),
  );
  const body =
    init.body === undefined || typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
  return { status: init.status ?? 401, headers, body, challenge };
}

/** (family, kind, code) of each signal, for compact assertions. */
export function triples(signals: readonly ServerSignal[]): { family: string; kind: string; code?: string }[] {
  return signals.map((s) => ({
    family: s.family,
    kind: s.kind,
    ...(s.code === undefined ? {} : { code: s.code }),
  }));
}

/** The one signal a reader returned; fails the test when there is not exactly one. */
export function only(signals: readonly ServerSignal[]): ServerSignal {
  if (signals.length !== 1) throw new Error(`expected one signal, got ${JSON.stringify(signals)}`);
  return signals[0] as ServerSignal;
}

/** 16 KiB inputs built to make careless regexes backtrack or scans go quadratic. */
export function adversarialBodies(): string[] {
  const k16 = 16 * 1024;
  const fill = (unit: string): string => unit.repeat(Math.ceil(k16 / unit.length)).slice(0, k16);
  return [
    fill('a'),
    fill(' '),
    fill('"'),
    fill('\\"'),
    fill('<'),
    fill('<a '),
    `{"message":"${fill('jwt audience invalid. expected: ')}`,
    `{"error":{"code":"InvalidAuthenticationToken","message":"${fill("IDX10214: Audiences: '")}"}}`,
    fill('Signature expired: 20151221T200419Z is now earlier than '),
    fill('<Code>'),
    fill('Start ['),
    fill('AADSTS1'),
    fill('&#x'),
    fill('{"a":'),
    `[${fill('[')}`,
    fill('Firebase ID token has incorrect "aud" Expected "'),
    fill("The audience '"),
    fill('Reason given for failure:\n'),
    fill('token expired invalid token not yet valid '),
  ];
}

/** Deterministic printable-ish noise with the characters parsers care about. */
export function randomText(next: () => number, length: number): string {
  const alphabet = 'aZ09 \t\n"\'\\{}[]:,<>/=&#;.-_()AADSTSIDXjwtexpired\u00e9\u20ac\u0000';
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(next() * alphabet.length)];
  return out;
}
