import { isPlaceholderValue } from '../credentials/parse-authorization.ts';
import type { Facts } from '../facts.ts';
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
        : (otherPlaceholder(facts.credentialHeaders) ?? placeholderElsewhere(facts.credentials));
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

/**
 * A placeholder in the URL (`?access_token=<ACCESS_TOKEN>` from a docs example) or inside Basic
 * credentials (`btoa(undefined + ":" + undefined)`).
 */
function placeholderElsewhere(credentials: Facts['credentials']) {
  for (const credential of credentials) {
    if (credential.location.in === 'query' && isPlaceholderValue(credential.value.trim())) {
      const value = credential.value.trim();
      return { name: `URL parameter ${credential.location.name}`, sent: value, value };
    }
    const notes = credential.details.shapeNotes ?? [];
    if (credential.kind === 'basic' && notes.includes('the password is a placeholder value')) {
      return {
        name: 'Authorization (Basic)',
        sent: `Basic credentials whose ${notes.includes('the user name is a placeholder value') ? 'user name and password are' : 'password is'} a placeholder`,
        value: 'undefined',
      };
    }
  }
  return undefined;
}

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
