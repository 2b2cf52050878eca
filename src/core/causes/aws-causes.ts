import type { SentCredential } from '../credentials/credential.ts';
import { isPlaceholderValue } from '../credentials/parse-authorization.ts';
import type { Facts } from '../facts.ts';
import type { CauseDetector, Evidence } from './cause.ts';
import { findSignal, signalEvidence } from './signal-evidence.ts';

/** The AWS request signature, from the Authorization header or a presigned URL. */
function awsSignature(facts: Facts): SentCredential | undefined {
  return facts.credentials.find(
    (credential) => credential.kind === 'aws-sigv4' || credential.kind === 'aws-presigned-url',
  );
}

function keyEvidence(credential: SentCredential): Evidence {
  const { awsAccessKeyId, awsKeyType, awsRegion, awsService } = credential.details;
  const where = [awsRegion, awsService].filter(Boolean).join('/');
  return {
    source: 'request',
    text: `Signed with ${awsAccessKeyId ? `${awsAccessKeyId.slice(0, 4)}… (${awsKeyType ?? 'unknown'} key)` : 'an unreadable key id'}${where ? ` for ${where}` : ''}.`,
  };
}

/** An ASIA (STS temporary) key signs only together with its session token (X-Amz-Security-Token). */
export const awsMissingSessionToken: CauseDetector = {
  id: 'aws-missing-session-token',
  detect(facts) {
    const signature = awsSignature(facts);
    if (signature?.details.awsKeyType !== 'temporary') return undefined;
    const header = facts.exchange.requestHeaders.find((item) => item.name === 'x-amz-security-token')?.value;
    const inQuery = /[?&]X-Amz-Security-Token=[^&]+/i.test(facts.exchange.url);
    const usable = header !== undefined && header.trim() !== '' && !isPlaceholderValue(header.trim());
    if (usable || inQuery) return undefined;
    const statement = findSignal(facts, 'aws-invalid-credentials', 'aws-signature');
    return {
      id: 'aws-missing-session-token',
      title:
        header === undefined
          ? 'A temporary AWS key (ASIA…) was used without its session token'
          : `The session token sent is "${header}"`,
      evidence: [
        keyEvidence(signature),
        {
          source: 'request',
          text:
            header === undefined
              ? 'No X-Amz-Security-Token header or query parameter.'
              : `X-Amz-Security-Token: ${header}`,
        },
        ...(statement ? [signalEvidence(statement)] : []),
      ],
      fix: 'Pass the sessionToken of the temporary credentials (STS, Cognito identity pool, SSO) to the signer along with the key id and secret; AWS answers "The security token included in the request is invalid" without it.',
      confidence: 'high',
      score: 96,
      rankReason:
        'Temporary keys are rejected by every AWS service unless their session token comes with them.',
    };
  },
};

export const awsExpiredCredentials: CauseDetector = {
  id: 'aws-expired-credentials',
  detect(facts) {
    const statement = findSignal(facts, 'aws-expired-credentials');
    if (!statement) return undefined;
    const signature = awsSignature(facts);
    return {
      id: 'aws-expired-credentials',
      title: 'The AWS temporary credentials have expired',
      evidence: [signalEvidence(statement), ...(signature ? [keyEvidence(signature)] : [])],
      fix: 'Refresh the credentials before they expire (the SDK credential providers do this; a hand-made credentials object does not), or assume the role / sign in again.',
      confidence: 'high',
      score: 90,
      rankReason: 'AWS states that the security token is expired.',
    };
  },
};

export const awsInvalidCredentials: CauseDetector = {
  id: 'aws-invalid-credentials',
  detect(facts) {
    const statement = findSignal(facts, 'aws-invalid-credentials');
    if (!statement) return undefined;
    const signature = awsSignature(facts);
    return {
      id: 'aws-invalid-credentials',
      title: 'AWS does not recognise the access key or security token',
      evidence: [signalEvidence(statement), ...(signature ? [keyEvidence(signature)] : [])],
      fix: 'Check that the key exists and is active in this account (IAM console), that the region and partition match (aws-cn and aws-us-gov keys do not work in the standard partition), and that the key id and secret belong together.',
      confidence: 'high',
      score: 85,
      rankReason: 'AWS states that the credentials are not valid.',
    };
  },
};

export const awsSignatureMismatch: CauseDetector = {
  id: 'aws-signature-mismatch',
  detect(facts) {
    const statement = findSignal(facts, 'aws-signature');
    if (!statement) return undefined;
    const signature = awsSignature(facts);
    const notes = signature?.details.shapeNotes ?? [];
    return {
      id: 'aws-signature-mismatch',
      title: 'AWS computed a different signature for this request',
      evidence: [
        signalEvidence(statement),
        ...(signature ? [keyEvidence(signature)] : []),
        ...notes.slice(0, 3).map((note) => ({ source: 'request' as const, text: `Signature: ${note}.` })),
      ],
      fix: 'Sign exactly what is sent: the same host, path encoding, query order, headers listed in SignedHeaders and body hash; a proxy or client that changes any of them after signing breaks the signature. Check the secret key matches the key id and the region/service in the scope.',
      confidence: 'medium',
      score: 84,
      rankReason: 'AWS states the signature check failed.',
    };
  },
};
