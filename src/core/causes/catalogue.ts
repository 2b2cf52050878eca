import {
  awsExpiredCredentials,
  awsInvalidCredentials,
  awsMissingSessionToken,
  awsSignatureMismatch,
} from './aws-causes.ts';
import type { CauseDetector } from './cause.ts';
import { clockSkew } from './clock-skew.ts';
import { cookieBlocked } from './cookie-blocked.ts';
import { cookieNotSent } from './cookie-not-sent.ts';
import { corsCredentialsRejected } from './cors-credentials-rejected.ts';
import { credentialDroppedOnRedirect } from './credential-dropped-on-redirect.ts';
import { csrfTokenInvalid } from './csrf-token-invalid.ts';
import { dpopNonceRequired } from './dpop-nonce-required.ts';
import { dpopProofInvalid } from './dpop-proof-invalid.ts';
import { idTokenAsAccessToken } from './id-token-as-access-token.ts';
import { insufficientScope } from './insufficient-scope.ts';
import { malformedHeader } from './malformed-header.ts';
import { malformedToken } from './malformed-token.ts';
import { preflightRejected } from './preflight-rejected.ts';
import { refreshFailed } from './refresh-failed.ts';
import { sessionExpired } from './session-expired.ts';
import { signatureInvalid } from './signature-invalid.ts';
import { staleToken } from './stale-token.ts';
import { stepUpRequired } from './step-up-required.ts';
import { clientAuthFailed, loginFailed, tokenRequestRejected } from './token-endpoint-refusals.ts';
import { tokenExpired } from './token-expired.ts';
import { tokenMissing } from './token-missing.ts';
import { tokenNotYetValid } from './token-not-yet-valid.ts';
import { tokenPlaceholder } from './token-placeholder.ts';
import { tokenRejected } from './token-rejected.ts';
import { tokenRevoked } from './token-revoked.ts';
import { wrongAudience } from './wrong-audience.ts';
import { wrongIssuer } from './wrong-issuer.ts';
import { wrongScheme } from './wrong-scheme.ts';

/** Every detector the engine runs, in no particular order: ranking is by score. */
export const CAUSE_DETECTORS: readonly CauseDetector[] = [
  tokenMissing,
  tokenPlaceholder,
  malformedHeader,
  malformedToken,
  tokenExpired,
  tokenNotYetValid,
  clockSkew,
  insufficientScope,
  tokenRejected,
  tokenRevoked,
  staleToken,
  preflightRejected,
  credentialDroppedOnRedirect,
  idTokenAsAccessToken,
  wrongScheme,
  wrongAudience,
  wrongIssuer,
  signatureInvalid,
  stepUpRequired,
  dpopNonceRequired,
  dpopProofInvalid,
  csrfTokenInvalid,
  awsMissingSessionToken,
  awsExpiredCredentials,
  awsInvalidCredentials,
  awsSignatureMismatch,
  refreshFailed,
  clientAuthFailed,
  loginFailed,
  tokenRequestRejected,
  cookieNotSent,
  cookieBlocked,
  sessionExpired,
  corsCredentialsRejected,
];
