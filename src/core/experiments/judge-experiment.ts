import type { ExperimentVerdict } from '../exchange.ts';
import { AUTH_FAILURE_STATUSES } from '../page-relay-rule.ts';
import type { ExperimentPlan } from './plan-experiment.ts';

export type { ExperimentVerdict } from '../exchange.ts';

/** What came back: a status, or none (status 0) with the browser's error. */
export interface ExperimentOutcome {
  status: number;
  error?: string;
  /**
   * The answer refuses the credential (isAuthFailure): a 401 or 403, and also a 200 whose body
   * says so (Slack's `{"ok":false,"error":"token_revoked"}`, GraphQL's UNAUTHENTICATED).
   */
  refused: boolean;
}

export interface ExperimentJudgement {
  verdict: ExperimentVerdict;
  /** In words, for the cause it tested. */
  reason: string;
}

/**
 * What the answer says about the cause. A fix that makes the server answer 2xx confirms the cause
 * it fixed; still refused, it rules it out. Sent again unchanged, a refusal confirms that the
 * credential itself is refused (not a passing fault), and a 2xx rules that out. Anything else (no
 * answer, a CORS block, a 404 or a 500) proves nothing either way.
 */
export function judgeExperiment(plan: ExperimentPlan, outcome: ExperimentOutcome): ExperimentJudgement {
  const { status } = outcome;
  if (status === 0) {
    return {
      verdict: 'inconclusive',
      reason: `No answer reached the page${outcome.error ? ` (${outcome.error})` : ''}: the experiment proves nothing.`,
    };
  }
  const refused = outcome.refused || AUTH_FAILURE_STATUSES.has(status);
  const succeeded = !refused && status >= 200 && status < 300;
  if (!succeeded && !refused) {
    return {
      verdict: 'inconclusive',
      reason: `The server answered ${status}, neither a success nor a refusal.`,
    };
  }
  if (plan.kind === 'preflight') {
    // The outcome here is the server's answer to the browser's preflight (network capture).
    return refused
      ? {
          verdict: 'confirmed',
          reason: `The server answered the browser's CORS preflight (OPTIONS, sent without the credential) with ${status}: it refuses the preflight itself.`,
        }
      : {
          verdict: 'ruled-out',
          reason: `The server answered the browser's CORS preflight with ${status}: the preflight is not what fails.`,
        };
  }
  if (plan.kind === 'same-again') {
    return succeeded
      ? {
          verdict: 'ruled-out',
          reason: `Sent again unchanged, it succeeded (${status}): the refusal was a passing fault.`,
        }
      : {
          verdict: 'confirmed',
          reason: `Sent again unchanged, it was refused again (${status}): the credential itself is refused, not a passing fault (ruled out).`,
        };
  }
  return succeeded
    ? { verdict: 'confirmed', reason: `With the change, the server answered ${status}.` }
    : { verdict: 'ruled-out', reason: `With the change, the server still refused it (${status}).` };
}
