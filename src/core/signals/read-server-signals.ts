/**
 * Everything a failed response says about the credential, normalised: every family reader runs, a
 * reader that throws is skipped (one vendor's bug must not hide the others), identical statements
 * collapse, challenge statements come before body statements.
 */
import { readAwsSignals } from './aws.ts';
import { readCsrfSignals } from './csrf.ts';
import { MAX_MESSAGE_CHARS, pruneDetails } from './generic.ts';
import { MAX_BODY_CHARS } from './generic-body.ts';
import { readJwtLibrarySignals } from './jwt-libraries.ts';
import { readMicrosoftSignals } from './microsoft.ts';
import { GENERIC_KINDS } from './phrase-model.ts';
import { readRfc6750Signals } from './rfc6750.ts';
import type { ServerSignal, SignalInput } from './server-signal.ts';
import { readServiceSignals } from './services.ts';
import { readStatedSignals } from './stated-reasons.ts';

type Reader = (input: SignalInput) => ServerSignal[];

/**
 * Vendor readers run before rfc6750: when both explain the same error_description they produce the
 * same (kind, code, message), and the first one kept names the vendor ('microsoft', 'spring'...).
 */
const READERS: readonly Reader[] = [
  readMicrosoftSignals,
  readJwtLibrarySignals,
  readRfc6750Signals,
  readAwsSignals,
  readServiceSignals,
  readCsrfSignals,
];

function run(reader: Reader, input: SignalInput): ServerSignal[] {
  try {
    const out = reader(input);
    return Array.isArray(out) ? out : [];
  } catch {
    return []; // a parsing bug in one family must not cost the user the other families' evidence
  }
}

const keyOf = (s: ServerSignal): string => JSON.stringify([s.kind, s.code ?? '', s.message]);

export function readServerSignals(input: SignalInput): ServerSignal[] {
  const body = typeof input.body === 'string' ? input.body.slice(0, MAX_BODY_CHARS) : undefined;
  const bounded: SignalInput = { ...input, body };
  const found = READERS.flatMap((reader) => run(reader, bounded));

  // The general reader (any error shape, the phrase model) speaks where no family named a reason:
  // once a family has explained the body with one, its statement wins (Firebase's "kid not found …
  // most likely the token is expired" is about keys). A family that only said "invalid" leaves
  // room for a reason the general reader finds in the same body.
  const explained = found.some((s) => s.where === 'response-body' && !GENERIC_KINDS.has(s.kind));
  const kinds = new Set(found.map((s) => s.kind));
  if (!explained) {
    for (const s of run(readStatedSignals, bounded)) if (!kinds.has(s.kind)) found.push(s);
  }

  const ordered = [
    ...found.filter((s) => s.where === 'response-header'),
    ...found.filter((s) => s.where !== 'response-header'),
  ];
  const byKey = new Map<string, ServerSignal>();
  for (const s of ordered) {
    const message = s.message.length > MAX_MESSAGE_CHARS ? s.message.slice(0, MAX_MESSAGE_CHARS) : s.message;
    const key = keyOf({ ...s, message });
    const kept = byKey.get(key);
    if (!kept) {
      byKey.set(key, { ...s, message });
      continue;
    }
    // The same statement read twice (rfc6750 and a vendor reader): keep the first, pool the details.
    const details = pruneDetails({ ...s.details, ...kept.details });
    if (details) byKey.set(key, { ...kept, details });
  }
  return [...byKey.values()];
}
