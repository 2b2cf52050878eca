import type { Facts } from '../facts.ts';

/** The cause vocabulary: stable ids shown as `data-cause` and relied on by tests and users. */
export const CAUSE_IDS = [
  'token-missing',
  'token-placeholder',
  'malformed-header',
  'malformed-token',
  'wrong-scheme',
  'token-expired',
  'token-not-yet-valid',
  'clock-skew',
  'wrong-audience',
  'wrong-issuer',
  'insufficient-scope',
  'id-token-as-access-token',
  'signature-invalid',
  'token-revoked',
  'token-rejected',
  'stale-token',
  'step-up-required',
  'dpop-nonce-required',
  'dpop-proof-invalid',
  'csrf-token-invalid',
  'preflight-rejected',
  'credential-dropped-on-redirect',
  'aws-missing-session-token',
  'aws-expired-credentials',
  'aws-invalid-credentials',
  'aws-signature-mismatch',
  'refresh-failed',
  'client-auth-failed',
  'login-failed',
  'token-request-rejected',
  'cookie-not-sent',
  'cookie-blocked',
  'session-expired',
  'cors-credentials-rejected',
  'unknown',
] as const;

export type CauseId = (typeof CAUSE_IDS)[number];

export interface Evidence {
  /** Where the evidence was read: shown as a label next to the quoted text. */
  source: 'request' | 'response-header' | 'response-body' | 'status' | 'claim' | 'clock' | 'history';
  /** What was read, quoted or paraphrased ("WWW-Authenticate: Bearer error=\"invalid_token\""). */
  text: string;
}

export type Confidence = 'high' | 'medium' | 'low';

export interface Cause {
  id: CauseId;
  /** One line in plain words, specific to this exchange. */
  title: string;
  evidence: Evidence[];
  /** What to do about it. */
  fix: string;
  confidence: Confidence;
  /** Higher ranks first. Specific causes and server statements score above generic guesses. */
  score: number;
  /** Why it ranks where it does, in words. */
  rankReason: string;
}

export interface CauseDetector {
  id: CauseId;
  detect(facts: Facts): Cause | undefined;
}
