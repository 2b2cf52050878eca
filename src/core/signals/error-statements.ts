/**
 * The server's own statements pulled out of any common error shape, so one phrase model can read
 * services it was never taught: `message`/`msg`/`detail`, RFC 9457 `title` + `detail`, `error` as a
 * string or an object (`message`, `code`, `type`, `.tag`, `status`), `error_description`,
 * `error_summary`, GraphQL `errors[]` with `extensions.code`, `fault.faultstring`, `category`,
 * `reason`, arrays of strings, and for XML, HTML and plain text the body's lines (XML `Code` and
 * `Message`, an HTML page's title and headline). Bounded: depth, nodes and statements are capped.
 */
import { type BodyView, isRecord } from './generic-body.ts';
import { looksLikeCode } from './phrase-model.ts';

export interface ErrorStatement {
  /** Codes the server gave (`UNAUTHENTICATED`, `TOKEN_EXPIRED`, `expired_access_token/`). */
  codes: string[];
  /** Sentences the server gave, in the order it gave them. */
  texts: string[];
}

/** Keys whose value is a code when it is shaped like one. */
const CODE_KEYS = new Set([
  'code',
  'error_code',
  'errorCode',
  'errorcode',
  'ErrorCode',
  'Code',
  'type',
  '.tag',
  'status',
  'category',
  'name',
  '__type',
  'reason',
  'kind',
  'id',
  'error_type',
  'errorType',
  'subtype',
  'key',
]);

/** Keys whose value is a sentence (or, written as an identifier, a code). */
const TEXT_KEYS = new Set([
  'message',
  'Message',
  'msg',
  'detail',
  'details',
  'title',
  'error',
  'error_description',
  'errorDescription',
  'error_summary',
  'errorSummary',
  'error_message',
  'errorMessage',
  'description',
  'faultstring',
  'reason',
  'hint',
  'cause',
  'summary',
  'statusMessage',
  'status_message',
  'text',
  'err',
  'exception',
]);

/** Subtrees that hold the answer's data or the request's echo, never the server's statement. */
const SKIP_KEYS = new Set(['data', 'locations', 'path', 'links', '_links', 'variables', 'query', 'input']);

const MAX_DEPTH = 6;
const MAX_NODES = 300;
const MAX_STATEMENTS = 60;
const MAX_SEGMENTS = 200;

export function readErrorStatements(body: BodyView): ErrorStatement[] {
  if (body.json === undefined) {
    return body.segments.slice(0, MAX_SEGMENTS).map((segment) => statementOf(segment));
  }
  const out: ErrorStatement[] = [];
  const budget = { nodes: MAX_NODES };
  walk(body.json, 0, out, budget);
  return out;
}

/**
 * An HTTP reason phrase said again in the body ("Unauthorized", "403 Forbidden") names no reason:
 * it is read as a sentence, never as a code (a GraphQL `extensions.code` FORBIDDEN is a code).
 */
const REASON_PHRASE = /^(?:\d{3}[: ]+)?(?:unauthori[sz]ed|forbidden|access denied|not authori[sz]ed)[.!]?$/i;

function isCodeText(value: string): boolean {
  return looksLikeCode(value) && !REASON_PHRASE.test(value);
}

function statementOf(value: string): ErrorStatement {
  return isCodeText(value) ? { codes: [value], texts: [value] } : { codes: [], texts: [value] };
}

function walk(value: unknown, depth: number, out: ErrorStatement[], budget: { nodes: number }): void {
  if (depth > MAX_DEPTH || out.length >= MAX_STATEMENTS || budget.nodes-- <= 0) return;
  if (typeof value === 'string') {
    if (value.trim()) out.push(statementOf(value));
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value.slice(0, 50)) walk(item, depth + 1, out, budget);
    return;
  }
  if (!isRecord(value)) return;
  const statement: ErrorStatement = { codes: [], texts: [] };
  const children: unknown[] = [];
  for (const [key, item] of Object.entries(value).slice(0, 100)) {
    if (SKIP_KEYS.has(key)) continue;
    if (typeof item === 'string') {
      const text = item.trim();
      if (!text) continue;
      if (CODE_KEYS.has(key) && looksLikeCode(text)) statement.codes.push(text);
      else if (TEXT_KEYS.has(key)) {
        statement.texts.push(text);
        if (isCodeText(text)) statement.codes.push(text);
      }
    } else if (item === true && key.length <= 40) {
      // Flags such as Vercel's `invalidToken: true` or `tokenExpired: true` are codes in all but form.
      statement.codes.push(key);
    } else if (typeof item === 'object' && item !== null) {
      children.push(item);
    }
  }
  if (statement.codes.length || statement.texts.length) out.push(statement);
  for (const child of children) walk(child, depth + 1, out, budget);
}
