import type { CauseDetector } from './cause.ts';

/** `Bearer undefined`, `Bearer null`, `Bearer [object Object]`: the token variable was empty. */
export const tokenPlaceholder: CauseDetector = {
  id: 'token-placeholder',
  detect(facts) {
    const problem = facts.authorization?.parsed.problems.find(
      (candidate) => candidate.kind === 'placeholder',
    );
    if (!facts.authorization || problem?.kind !== 'placeholder') return undefined;
    return {
      id: 'token-placeholder',
      title: `The app sent "${problem.value}" instead of a token`,
      evidence: [{ source: 'request', text: `Authorization: ${facts.authorization.value}` }],
      fix: 'The code that builds the header ran before the token was available, or read the wrong field. Check where the token is loaded (storage, auth state) and do not send the request until it exists.',
      confidence: 'high',
      score: 100,
      rankReason: 'The header holds a JavaScript placeholder, not a token: no server can accept it.',
    };
  },
};
