import type { AuthorizationProblem } from '../credentials/parse-authorization.ts';
import { findVendorTokenById } from '../credentials/vendor-tokens.ts';
import type { Facts } from '../facts.ts';
import { maskTokenRuns } from '../mask-secret.ts';
import type { CauseDetector } from './cause.ts';
import { signalEvidence } from './signal-evidence.ts';

const BASIC_SHAPE = /without base64 encoding|not valid base64|without a colon/;

/** What is wrong with the shape of Basic credentials (RFC 7617 §2), when something is. */
export function basicShapeProblem(facts: Facts): string | undefined {
  const basic = facts.credentials.find((credential) => credential.kind === 'basic');
  return basic?.details.shapeNotes?.find((note) => BASIC_SHAPE.test(note));
}

/** The server's own words that the header is malformed ("Bad Authorization header format"). */
function headerStatement(facts: Facts) {
  const statement = facts.signals.find(
    (signal) =>
      signal.kind === 'malformed-credential' &&
      /\bheader\b|\bauthorization\b|\bformat is\b/i.test(signal.message),
  );
  return statement ? [signalEvidence(statement)] : [];
}

function takesBareKey(facts: Facts): boolean {
  const sent = facts.credentials.find((credential) => credential.location.name === 'authorization');
  const vendor = findVendorTokenById(sent?.details.vendorTokenId);
  return vendor?.forms.some((form) => form.in === 'authorization' && form.scheme === '') === true;
}

const DESCRIPTIONS: Record<Exclude<AuthorizationProblem['kind'], 'placeholder'>, string> = {
  'empty-header': 'The Authorization header is empty.',
  'missing-scheme': 'The token was sent without a scheme such as "Bearer ".',
  'empty-credentials': 'The scheme is there but the token after it is empty.',
  'double-scheme': 'The scheme appears twice ("Bearer Bearer ...").',
  'quoted-credentials': 'The token is wrapped in quotes, which become part of it.',
  whitespace: 'The header has white space where the grammar allows none.',
};

const WHITESPACE_DETAIL = {
  leading: 'before the scheme',
  trailing: 'after the token',
  inside: 'inside the token',
  'line-break': 'as a line break',
  'extra-spaces': 'as several spaces after the scheme',
} as const;

/** The Authorization header does not follow `scheme SP token68` (RFC 9110 §11.4, RFC 6750 §2.1). */
export const malformedHeader: CauseDetector = {
  id: 'malformed-header',
  detect(facts) {
    if (!facts.authorization) return undefined;
    const basic = basicShapeProblem(facts);
    if (basic) {
      return {
        id: 'malformed-header',
        title: 'The Basic credentials are not base64 of user:password',
        evidence: [
          { source: 'request', text: `Authorization: Basic … — ${basic}.` },
          ...headerStatement(facts),
        ],
        fix: 'Build Basic credentials as `Basic ` + base64(`user:password`) (RFC 7617 §2), e.g. `btoa(user + ":" + password)` or your HTTP client\'s auth option.',
        confidence: 'high',
        score: 95,
        rankReason: 'A server rejects a header it cannot parse before it looks at the credential itself.',
      };
    }
    const problems = facts.authorization.parsed.problems.filter((problem) => problem.kind !== 'placeholder');
    if (problems.length === 0) return undefined;
    // A bare placeholder ("Authorization: null") is reported by token-placeholder alone.
    if (
      facts.authorization.parsed.problems.some((problem) => problem.kind === 'placeholder') &&
      problems.every((p) => p.kind === 'missing-scheme')
    ) {
      return undefined;
    }
    const lines = problems.map((problem) =>
      problem.kind === 'whitespace'
        ? `White space ${WHITESPACE_DETAIL[problem.where]}.`
        : DESCRIPTIONS[problem.kind],
    );
    // A bare token is what some APIs want (API Gateway Cognito authorizers, Discord's "Bot" aside):
    // on its own it is a likely glue bug, not a certain one, and a server statement outranks it.
    const onlyMissingScheme = problems.every((problem) => problem.kind === 'missing-scheme');
    // API Gateway's Cognito authorizers read the raw token from Authorization: no scheme is right there.
    const apiGateway = facts.exchange.responseHeaders.some((header) => header.name === 'x-amz-apigw-id');
    if (onlyMissingScheme && apiGateway) return undefined;
    // Some services document the bare key as the right form (Linear's personal API keys).
    if (onlyMissingScheme && takesBareKey(facts)) return undefined;
    // A 403 means the server read the credential and found it insufficient (RFC 9110 §15.5.4):
    // the bare form was understood.
    if (onlyMissingScheme && facts.exchange.status === 403) return undefined;
    // The server says the header's format is wrong: the missing scheme is then certain.
    const stated = headerStatement(facts);
    const certain = !onlyMissingScheme || stated.length > 0;
    return {
      id: 'malformed-header',
      title: lines[0] ?? 'The Authorization header is malformed',
      evidence: [
        {
          source: 'request',
          // The shape is the evidence (a doubled scheme, quotes, white space), not the token:
          // it stays masked, as everywhere before the user reveals it.
          text: `Authorization: ${maskTokenRuns(JSON.stringify(facts.authorization.value).slice(1, -1))}`,
        },
        ...lines.slice(1).map((text) => ({ source: 'request' as const, text })),
        ...stated,
      ],
      fix: 'Build the header as `Authorization: Bearer <token>`: one scheme, one space, the token with no quotes, spaces or line breaks (trim it where it is read from storage or configuration).',
      confidence: certain ? 'high' : 'medium',
      score: certain ? 95 : 70,
      rankReason: !certain
        ? 'Most APIs expect "Bearer " before a token, but some take it bare, so this ranks below what the server says.'
        : 'A server rejects a header it cannot parse before it looks at the token itself.',
    };
  },
};
