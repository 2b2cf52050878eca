/**
 * The reader for servers no family knows: every statement in the body (any common error shape) and
 * every challenge description, read by the phrase model. A code that names a reason wins over the
 * sentence next to it; a sentence that names one wins over a code that only says "unauthenticated".
 */
import { type ErrorStatement, readErrorStatements } from './error-statements.ts';
import { describedChallenges, mergeSameKind, signal } from './generic.ts';
import { isFailure, readBody } from './generic-body.ts';
import { classifyCode, classifyPhrase, GENERIC_KINDS, type PhraseMatch } from './phrase-model.ts';
import type { ServerSignal, SignalInput } from './server-signal.ts';

export const STATED_FAMILY = 'generic';

interface StatedReason {
  match: PhraseMatch;
  code?: string;
  message: string;
}

const isSpecific = (match: PhraseMatch | undefined): match is PhraseMatch =>
  match !== undefined && !GENERIC_KINDS.has(match.kind);

/**
 * "Unauthorized" said again in the body: in HTTP's words that is "not authenticated" (RFC 9110
 * §15.5.2), a refusal of the credential that names no reason. ("Forbidden" names none either, and
 * is left to the status.)
 */
function unauthorizedSaid(text: string): PhraseMatch | undefined {
  return /^(?:\d{3}[: ]+)?(?:unauthori[sz]ed|not authori[sz]ed)[.!]?$/i.test(text.trim())
    ? { kind: 'invalid', words: text, at: 0 }
    : undefined;
}

/** A code naming a reason, then a code of the service's own (invalidToken), then a category (FORBIDDEN). */
function rankOfCode(match: PhraseMatch, category: boolean): number {
  if (category) return 0;
  return isSpecific(match) ? 2 : 1;
}

/** What one statement says: the code's reason if it names one, else the sentence's, else a generic kind. */
export function classifyStatement(statement: ErrorStatement): StatedReason | undefined {
  let byCode: { match: PhraseMatch; code: string; category: boolean } | undefined;
  for (const code of statement.codes) {
    const found = classifyCode(code);
    if (!found) continue;
    const { category, ...match } = found;
    if (!byCode || rankOfCode(match, category) > rankOfCode(byCode.match, byCode.category)) {
      byCode = { match, code, category };
    }
    if (isSpecific(byCode?.match) && !byCode?.category) break;
  }
  let byText: { match: PhraseMatch; text: string } | undefined;
  for (const text of statement.texts) {
    if (statement.codes.includes(text) && byCode?.code === text) continue;
    const match = classifyPhrase(text) ?? unauthorizedSaid(text);
    if (match && (!byText || (isSpecific(match) && !isSpecific(byText.match)))) byText = { match, text };
    if (isSpecific(byText?.match)) break;
  }
  const sentence = statement.texts.find((text) => !statement.codes.includes(text)) ?? statement.texts[0];
  // A code that names a reason beats the sentence; a category code (FORBIDDEN, PERMISSION_DENIED)
  // gives way to a sentence that names one.
  const codeNamesReason = byCode !== undefined && isSpecific(byCode.match) && !byCode.category;
  if (byCode && (codeNamesReason || !isSpecific(byText?.match))) {
    return { match: byCode.match, code: byCode.code, message: sentence ?? byCode.code };
  }
  if (byText) {
    return { match: byText.match, ...(byCode ? { code: byCode.code } : {}), message: byText.text };
  }
  return undefined;
}

export function readStatedSignals(input: SignalInput): ServerSignal[] {
  const out: ServerSignal[] = [];
  for (const { challenge, description } of describedChallenges(input)) {
    const match = classifyPhrase(description);
    if (isSpecific(match)) {
      out.push(
        signal({
          family: STATED_FAMILY,
          kind: match.kind,
          code: challenge.params.error,
          message: description,
          where: 'response-header',
        }),
      );
    }
  }
  // npm's registry asks for a one-time password with its own challenge scheme.
  const otp = input.challenge.challenges.find((challenge) => challenge.schemeKey === 'otp');
  if (otp) {
    out.push(
      signal({
        family: STATED_FAMILY,
        kind: 'step-up',
        code: 'OTP',
        message: 'WWW-Authenticate: OTP (a one-time password is required)',
        where: 'response-header',
      }),
    );
  }
  const body = readBody(input);
  if (!isFailure(input, body)) return out;
  for (const statement of readErrorStatements(body)) {
    const reason = classifyStatement(statement);
    if (!reason) continue;
    const at = reason.message.indexOf(reason.match.words);
    out.push(
      signal({
        family: STATED_FAMILY,
        kind: reason.match.kind,
        code: reason.code,
        message: reason.message,
        where: 'response-body',
        ...(at > 0 ? { at } : {}),
      }),
    );
  }
  return mergeSameKind(out);
}
