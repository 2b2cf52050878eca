import type { CauseDetector } from './cause.ts';
import { findSignal, signalEvidence } from './signal-evidence.ts';

/** RFC 9470: the token is valid but the sign-in was not strong or recent enough for this call. */
export const stepUpRequired: CauseDetector = {
  id: 'step-up-required',
  detect(facts) {
    const statement = findSignal(facts, 'step-up');
    if (!statement) return undefined;
    const needs = [
      statement.details?.acrValues ? `acr_values "${statement.details.acrValues}"` : '',
      statement.details?.maxAge ? `an authentication at most ${statement.details.maxAge} s old` : '',
    ].filter(Boolean);
    return {
      id: 'step-up-required',
      title: needs.length
        ? `The API needs a stronger or fresher sign-in (${needs.join(', ')})`
        : 'The API needs a stronger or fresher sign-in',
      evidence: [signalEvidence(statement)],
      fix:
        statement.code === 'OTP'
          ? 'Send the one-time password from your authenticator with the request (npm: `--otp=<code>`, or the `npm-otp` header), or use a granular token that bypasses 2FA for automation.'
          : 'Send the user through the authorization request again with the acr_values and max_age the challenge names (RFC 9470 §4), then retry with the new token.',
      confidence: 'high',
      score: 94,
      rankReason:
        'The server states insufficient_user_authentication: the token is fine, the sign-in is not enough.',
    };
  },
};
