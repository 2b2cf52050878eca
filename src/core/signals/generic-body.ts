/**
 * Reading an untrusted, possibly truncated response body: complete JSON, the string values of cut-off
 * JSON, or the text lines of HTML and plain bodies. Linear scans and bounded regexes only.
 */
import type { SignalInput } from './server-signal.ts';

/** Auth errors are short; this bounds every scan (readServerSignals cuts the body here too). */
export const MAX_BODY_CHARS = 16 * 1024;
const MAX_SEGMENTS = 2000;
const MAX_DEPTH = 10;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `value[key]` for JSON objects; own properties only, so "__proto__" or "constructor" read as absent. */
export function get(value: unknown, key: string): unknown {
  return isRecord(value) && Object.hasOwn(value, key) ? value[key] : undefined;
}

/** A JSON string, or a number as text (vendors send codes both ways: Esri `498`, Okta `"E0000011"`). */
export function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined;
}

export interface BodyView {
  /** At most the first 16 KiB. */
  text: string;
  /** The parsed body when it is complete JSON; undefined when absent, not JSON or truncated. */
  json: unknown;
  /** The body's sentences: JSON string values (or string literals of truncated JSON), else text lines. */
  readonly segments: readonly string[];
}

// Every family reads the same body; parse it once per input. A WeakMap holds nothing alive, and the
// body string is compared so a reused input object with a new body is read afresh.
const views = new WeakMap<SignalInput, { body: unknown; view: BodyView }>();

export function readBody(input: SignalInput): BodyView {
  const cached = views.get(input);
  if (cached && cached.body === input.body) return cached.view;
  const text = (typeof input.body === 'string' ? input.body : '').slice(0, MAX_BODY_CHARS);
  const json = parseJson(text);
  let segments: string[];
  if (json !== undefined) segments = collectStrings(json, [], 0);
  else if (looksLikeJson(text)) segments = stringLiterals(text);
  else segments = plainLines(text);
  const view: BodyView = { text, json, segments };
  views.set(input, { body: input.body, view });
  return view;
}

function looksLikeJson(text: string): boolean {
  const first = /\S/.exec(text.slice(0, 64));
  return first?.[0] === '{' || first?.[0] === '[';
}

export function parseJson(text: string): unknown {
  if (!looksLikeJson(text)) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined; // truncated or not JSON: callers fall back to the text
  }
}

function collectStrings(value: unknown, out: string[], depth: number): string[] {
  if (out.length >= MAX_SEGMENTS) return out;
  if (typeof value === 'string') {
    if (value.trim()) out.push(value);
  } else if (depth < MAX_DEPTH && typeof value === 'object' && value !== null) {
    for (const item of Array.isArray(value) ? value : Object.values(value))
      collectStrings(item, out, depth + 1);
  }
  return out;
}

/** String values of JSON cut off mid-way, by a linear scan; keys (literals followed by ":") are skipped. */
function stringLiterals(text: string): string[] {
  const out: string[] = [];
  let i = text.indexOf('"');
  while (i >= 0 && out.length < MAX_SEGMENTS) {
    let j = i + 1;
    while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
    const literal = text.slice(i + 1, Math.min(j, text.length));
    let k = j + 1;
    while (text[k] === ' ' || text[k] === '\t' || text[k] === '\n' || text[k] === '\r') k++;
    if (text[k] !== ':' && literal.trim()) out.push(unescapeJson(literal));
    i = j < text.length ? text.indexOf('"', j + 1) : -1;
  }
  return out;
}

function unescapeJson(literal: string): string {
  try {
    return JSON.parse(`"${literal}"`) as string;
  } catch {
    return literal.replace(/\\(.)/g, '$1');
  }
}

/** HTML or plain text as lines: tags become line breaks (so `<pre>` reasons stay separate), entities decoded. */
function plainLines(text: string): string[] {
  const plain = decodeEntities(text.replace(/<[^<>]{0,2000}>/g, '\n'));
  const out: string[] = [];
  for (const line of plain.split('\n')) {
    const trimmed = line.trim();
    if (trimmed) out.push(trimmed);
    if (out.length >= MAX_SEGMENTS) break;
  }
  return out;
}

const ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
};

export function decodeEntities(text: string): string {
  return text.replace(/&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]{2,4});/gi, (whole, name: string) => {
    if (name[0] !== '#')
      return Object.hasOwn(ENTITIES, name.toLowerCase()) ? (ENTITIES[name.toLowerCase()] ?? whole) : whole;
    const code =
      name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

const ERROR_KEYS = ['error', 'errors', 'error_description', 'errorCode', 'errorSummary', '__type', 'fault'];

/** Whether a body is shaped like an error, so text matchers can run on a 200 (Slack, Esri, wrapped APIs). */
export function hasErrorShape(body: BodyView): boolean {
  const json = body.json;
  if (json === undefined)
    return /"(?:error|errors|error_description|errorCode|__type)"\s{0,20}:/.test(body.text);
  if (!isRecord(json)) return false;
  for (const key of ERROR_KEYS) {
    const value = get(json, key);
    if (value !== undefined && value !== null && value !== false && !(Array.isArray(value) && !value.length))
      return true;
  }
  if (get(json, 'ok') === false || get(json, 'success') === false || get(json, 'status') === 'error')
    return true;
  const status = get(json, 'status') ?? get(json, 'statusCode');
  return typeof status === 'number' && status >= 400;
}

/** Text matchers only read failures: an error status, or an error-shaped body on any status. */
export function isFailure(input: SignalInput, body: BodyView): boolean {
  return input.status >= 400 || hasErrorShape(body);
}

/**
 * The text of the first `<name>…</name>` element (AWS and Azure XML errors), found with indexOf:
 * no regex, so no backtracking and no compilation per call. At most 2,000 characters.
 */
export function xmlElement(text: string, name: string): string | undefined {
  const open = `<${name}>`;
  const start = text.indexOf(open);
  if (start === -1) return undefined;
  const from = start + open.length;
  const end = text.indexOf(`</${name}>`, from);
  if (end === -1 || end - from > 2000) return undefined;
  const inner = text.slice(from, end);
  return inner.includes('<') ? undefined : inner.trim();
}
