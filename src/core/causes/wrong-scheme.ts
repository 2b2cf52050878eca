import { identifyingCredentials } from '../cookies/cookie-causes-input.ts';
import { findFormMismatch } from '../credentials/expected-form.ts';
import type { Facts } from '../facts.ts';
import type { Cause, CauseDetector, Evidence } from './cause.ts';
import { findSignal, signalEvidence } from './signal-evidence.ts';

/**
 * The right secret in the wrong form: a scheme or credential kind this endpoint does not take
 * (Discord bot token without "Bot ", a JWT sent to a SigV4 endpoint, a DPoP-bound token sent as
 * Bearer, a Stripe publishable key used as a secret key).
 */
export const wrongScheme: CauseDetector = {
  id: 'wrong-scheme',
  detect(facts) {
    const found = findMismatch(facts);
    if (found) {
      return {
        id: 'wrong-scheme',
        confidence: 'high',
        score: 94,
        rankReason:
          'The credential is of a kind or scheme this endpoint cannot accept, whatever its validity.',
        ...found,
      };
    }
    return vendorFormMismatch(facts);
  },
};

/**
 * A recognised vendor credential in a form its service does not read (an Anthropic key as Bearer,
 * a Shopify token in Authorization). Certain on the service's own host; elsewhere (a proxy, a
 * self-hosted copy) only likely, so a reason the server states outranks it there.
 */
function vendorFormMismatch(facts: Facts): Cause | undefined {
  const mismatch = findFormMismatch(facts.credentials, facts.exchange.url);
  if (!mismatch) return undefined;
  const said = facts.signals.find((signal) =>
    ['invalid', 'unauthenticated', 'missing-credential', 'wrong-scheme', 'malformed-credential'].includes(
      signal.kind,
    ),
  );
  const expected = mismatch.expected.map((form) => `\`${form}\``).join(' or ');
  return {
    id: 'wrong-scheme',
    title: `The ${mismatch.words} was sent as ${mismatch.sent}; its service reads it as ${mismatch.expected[0]}`,
    evidence: [
      { source: 'request', text: `${mismatch.sent} carries ${mismatch.credential.description}.` },
      ...(said ? [signalEvidence(said)] : []),
    ],
    fix: `Send the ${mismatch.words} as ${expected}. In any other form the service does not find it and answers as if no credential was sent.`,
    confidence: mismatch.onServiceHost ? 'high' : 'medium',
    score: mismatch.onServiceHost ? 94 : 72,
    rankReason: mismatch.onServiceHost
      ? 'The credential is of a kind this service reads only in another form, whatever its validity.'
      : 'The credential is of a kind its own service reads in another form; this host may be a proxy that differs, so reasons the server states rank above it.',
  };
}

type Mismatch = Pick<Cause, 'title' | 'evidence' | 'fix'>;

function findMismatch(facts: Facts): Mismatch | undefined {
  const authorization = facts.credentials.find((credential) => credential.location.name === 'authorization');
  const scheme = authorization?.scheme.toLowerCase() ?? '';
  const sent: Evidence | undefined = authorization && {
    source: 'request',
    text: `Authorization scheme "${authorization.scheme || '(none)'}" with ${authorization.description}.`,
  };

  if (authorization?.kind === 'discord-bot-token' && scheme !== 'bot') {
    return {
      title: 'A Discord bot token was sent without the "Bot " prefix',
      evidence: [sent as Evidence, ...statements(facts, 'invalid')],
      fix: 'Send bot tokens as `Authorization: Bot <token>`; Discord answers 401 to `Bearer` or a bare bot token.',
    };
  }
  const sigv4Complaint = findSignal(facts, 'aws-signature');
  if (
    sigv4Complaint &&
    authorization &&
    authorization.kind !== 'aws-sigv4' &&
    scheme !== 'aws4-hmac-sha256'
  ) {
    return {
      title: `A ${authorization.kind === 'jwt' ? 'JWT' : 'token'} was sent to an endpoint that requires AWS Signature Version 4`,
      evidence: [sent as Evidence, signalEvidence(sigv4Complaint)],
      fix: 'This endpoint uses IAM authorization: sign the request with SigV4 (an AWS SDK or aws4 signer), or configure the API Gateway route with a JWT/Cognito authorizer if it should take tokens.',
    };
  }
  const dpopBound =
    facts.jwt?.kind === 'jws' && typeof facts.jwt.payload.cnf === 'object' && facts.jwt.payload.cnf !== null;
  const schemeStatement = findSignal(facts, 'wrong-scheme');
  if ((dpopBound && scheme === 'bearer') || schemeStatement) {
    return {
      title:
        dpopBound && scheme === 'bearer'
          ? 'A DPoP-bound token was sent with the Bearer scheme'
          : 'The credential was sent with a scheme this server does not accept',
      evidence: [sent, schemeStatement && signalEvidence(schemeStatement)].filter(
        (item): item is Evidence => item !== undefined,
      ),
      fix: 'Send DPoP-bound tokens as `Authorization: DPoP <token>` together with a `DPoP` proof header (RFC 9449 §7.1); send other tokens with the scheme the API documents.',
    };
  }
  // "JWT <token>", "Token <jwt>": a JWT under a scheme of its own; servers that take JWTs read Bearer
  // (RFC 6750 §2.1). Only while the server names no reason about the token itself: one that says
  // "expired" has read it, so the scheme was understood.
  if (facts.jwt?.kind === 'jws' && (scheme === 'jwt' || scheme === 'token') && !tokenReasonStated(facts)) {
    return {
      title: `A JWT was sent with the "${authorization?.scheme}" scheme instead of "Bearer"`,
      evidence: [sent as Evidence, ...statements(facts, 'invalid')],
      fix: 'Send the token as `Authorization: Bearer <token>` (RFC 6750 §2.1). express-jwt, Echo, FastAPI, GraphQL Yoga and most JWT middlewares refuse any other scheme before they look at the token.',
    };
  }
  if (authorization?.kind === 'stripe-key' && authorization.details.stripeType === 'publishable') {
    return {
      title: 'A Stripe publishable key (pk_) was used where a secret key is required',
      evidence: [sent as Evidence, ...statements(facts, 'invalid')],
      fix: 'Publishable keys only work from Stripe.js/Elements in the browser. Server API calls need the secret (sk_) or a restricted (rk_) key — and those must never reach the browser.',
    };
  }
  const refresh = facts.credentials.find(
    (credential) =>
      credential.details.githubType === 'refresh token' || credential.details.slackType === 'refresh',
  );
  if (refresh) {
    return {
      title: `A refresh token was sent to the API (${refresh.description})`,
      evidence: [
        { source: 'request', text: `${refresh.location.name} carries ${refresh.description}.` },
        ...statements(facts, 'invalid'),
      ],
      fix: 'Refresh tokens are only for the token endpoint: exchange it for an access token there and send the access token to the API.',
    };
  }
  // A bare RFC 6750 challenge is sent by many servers for every failure; only a server that says
  // in words that it found nothing means the credential is in the wrong place.
  const missing = facts.signals.find(
    (signal) => signal.kind === 'missing-credential' && signal.family !== 'rfc6750',
  );
  // A CSRF header is not where a server looks for the caller's identity (issue 18).
  const identifying = identifyingCredentials(facts.credentials);
  if (missing && identifying.length > 0) {
    return {
      title: 'The server did not find the credential where it looks for one',
      evidence: [
        signalEvidence(missing),
        {
          source: 'request',
          text: `Sent: ${identifying.map((credential) => credential.location.name).join(', ')}.`,
        },
      ],
      fix: 'Check the API documentation for the header and scheme it reads (Authorization: Bearer vs X-Api-Key, or a query parameter) and send the credential there.',
    };
  }
  return undefined;
}

/** Kinds that say the server read the token (so its scheme was understood). */
const TOKEN_REASONS: ReadonlySet<string> = new Set([
  'expired',
  'not-yet-valid',
  'wrong-audience',
  'wrong-issuer',
  'signature-invalid',
  'revoked',
  'insufficient-scope',
]);

function tokenReasonStated(facts: Facts): boolean {
  return facts.signals.some((signal) => TOKEN_REASONS.has(signal.kind));
}

function statements(facts: Facts, kind: 'invalid'): Evidence[] {
  const statement = findSignal(facts, kind) ?? findSignal(facts, 'unauthenticated', 'malformed-credential');
  return statement ? [signalEvidence(statement)] : [];
}
