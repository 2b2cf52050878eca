import type { Facts } from '../facts.ts';
import type { Cause, CauseDetector, Evidence } from './cause.ts';
import { basicShapeProblem } from './malformed-header.ts';
import { findSignal, signalEvidence } from './signal-evidence.ts';

const FIX =
  'Compare the sent token with the one that was issued: it was probably cut (a length limit, a cookie size limit, a copy that missed the end), URL-encoded twice, or joined to something else.';

/**
 * The token is damaged: a JWT that does not decode or whose signature is too short for its alg,
 * a vendor token of the wrong length, or a credential the server says it cannot parse.
 */
export const malformedToken: CauseDetector = {
  id: 'malformed-token',
  detect(facts) {
    if (facts.jwt?.kind === 'invalid' && facts.token !== undefined) {
      return damaged('The token looks like a JWT but does not decode', [
        { source: 'request', text: `Decoding failed: ${facts.jwt.reason}.` },
      ]);
    }
    const shortSignature = truncatedSignature(facts);
    if (shortSignature)
      return damaged("The token's signature is cut short", [shortSignature, ...said(facts)]);
    const vendorNote = facts.credentials
      // Basic's own shape problems are the header's, reported by malformed-header.
      .filter((credential) => credential.kind !== 'basic')
      .flatMap((credential) => (credential.details.shapeNotes ?? []).map((note) => ({ credential, note })))
      .find(({ note }) => /expected|truncated/i.test(note));
    if (vendorNote) {
      return damaged(`The ${vendorNote.credential.description} has the wrong length`, [
        { source: 'request', text: `${vendorNote.credential.location.name}: ${vendorNote.note}.` },
        ...said(facts),
      ]);
    }
    const statement = findSignal(facts, 'malformed-credential');
    // "Bad Authorization header format" about a header that is malformed: malformed-header's finding.
    const aboutHeader = statement !== undefined && HEADER_WORDS.test(statement.message);
    const headerBroken =
      (facts.authorization?.parsed.problems.length ?? 0) > 0 || basicShapeProblem(facts) !== undefined;
    if (statement && facts.credentials.length > 0 && !(aboutHeader && headerBroken)) {
      return {
        ...damaged('The server could not parse the credential', [signalEvidence(statement)]),
        confidence: 'medium',
        score: 80,
        rankReason: 'The server states the credential is malformed.',
      };
    }
    return undefined;
  },
};

const HEADER_WORDS = /\bheader\b|\bauthorization\b|\bscheme\b|\bformat is\b/i;

function damaged(title: string, evidence: Evidence[]): Cause {
  return {
    id: 'malformed-token',
    title,
    evidence,
    fix: FIX,
    confidence: 'high',
    score: 92,
    rankReason: 'A damaged token cannot be validated, whatever else is true of it.',
  };
}

function said(facts: Facts): Evidence[] {
  const statement = findSignal(facts, 'signature-invalid', 'invalid', 'malformed-credential');
  return statement ? [signalEvidence(statement)] : [];
}

/**
 * base64url signature lengths per alg (RFC 7518): HMAC and ECDSA are fixed; RSA depends on the
 * key size (2048/3072/4096 bits).
 */
const SIGNATURE_CHARS: Record<string, readonly number[]> = {
  HS256: [43],
  HS384: [64],
  HS512: [86],
  ES256: [86],
  ES384: [128],
  ES512: [176],
  EdDSA: [86],
  RS256: [342, 512, 683],
  RS384: [342, 512, 683],
  RS512: [342, 512, 683],
  PS256: [342, 512, 683],
  PS384: [342, 512, 683],
  PS512: [342, 512, 683],
};

function truncatedSignature(facts: Facts): Evidence | undefined {
  if (facts.jwt?.kind !== 'jws' || !facts.jwt.signaturePresent || facts.token === undefined) return undefined;
  const alg = facts.jwt.header.alg;
  const expected = typeof alg === 'string' ? SIGNATURE_CHARS[alg] : undefined;
  const signature = facts.token.slice(facts.token.lastIndexOf('.') + 1);
  if (!expected || expected.includes(signature.length) || signature.length > Math.max(...expected))
    return undefined;
  return {
    source: 'request',
    text: `The ${alg} signature is ${signature.length} characters; ${alg} signatures are ${expected.join(' or ')} (the token is ${facts.token.length} characters long).`,
  };
}
