import { isPlaceholderValue } from '../credentials/parse-authorization.ts';
import type { CauseDetector } from './cause.ts';

/**
 * `Bearer undefined`, `Bearer null`, `Bearer [object Object]`, `x-access-token: undefined`: the
 * variable that should hold the token was empty when the request was built.
 */
export const tokenPlaceholder: CauseDetector = {
  id: 'token-placeholder',
  detect(facts) {
    const problem = facts.authorization?.parsed.problems.find(
      (candidate) => candidate.kind === 'placeholder',
    );
    const header =
      problem?.kind === 'placeholder' && facts.authorization
        ? { name: 'Authorization', sent: facts.authorization.value, value: problem.value }
        : otherPlaceholder(facts.credentialHeaders);
    if (!header) return undefined;
    return {
      id: 'token-placeholder',
      title: `The app sent "${header.value}" instead of a token`,
      evidence: [{ source: 'request', text: `${header.name}: ${header.sent}` }],
      fix: 'The code that builds the header ran before the token was available, or read the wrong field. Check where the token is loaded (storage, auth state) and do not send the request until it exists.',
      confidence: 'high',
      score: 100,
      rankReason: 'The header holds a JavaScript placeholder, not a token: no server can accept it.',
    };
  },
};

function otherPlaceholder(headers: readonly { name: string; value: string }[]) {
  // X-Amz-Security-Token: undefined is reported, more precisely, as aws-missing-session-token.
  const found = headers.find(
    (header) =>
      header.name !== 'authorization' &&
      header.name !== 'x-amz-security-token' &&
      isPlaceholderValue(header.value.trim()),
  );
  return found && { name: found.name, sent: found.value, value: found.value.trim() };
}
