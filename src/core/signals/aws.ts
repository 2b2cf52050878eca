/**
 * AWS: JSON-protocol errors ({"__type":"com.amazon.coral.service#UnrecognizedClientException",
 * "message":"..."}), query/REST XML (<ErrorResponse><Error><Code>, S3 <Error><Code>), API Gateway
 * ({"message":"Missing Authentication Token"} with x-amzn-ErrorType) and Cognito authorizers.
 * Codes: https://docs.aws.amazon.com/IAM/latest/UserGuide/signature-v4-troubleshooting.html,
 * https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html
 */
import { headerValue } from '../exchange.ts';
import { firstMatch, parseUtcTime, rule, type SignalInit, signal, type TextMatcher } from './generic.ts';
import { get, readBody, str, xmlElement } from './generic-body.ts';
import type { ServerSignal, SignalDetails, SignalInput, SignalKind } from './server-signal.ts';

const CODES = new Map<string, SignalKind>([
  ['UnrecognizedClientException', 'aws-invalid-credentials'],
  ['InvalidClientTokenId', 'aws-invalid-credentials'],
  ['InvalidAccessKeyId', 'aws-invalid-credentials'],
  ['InvalidToken', 'aws-invalid-credentials'], // S3: "The provided token is malformed or otherwise invalid."
  ['AuthFailure', 'aws-invalid-credentials'], // EC2: "AWS was not able to validate the provided access credentials"
  ['ExpiredToken', 'aws-expired-credentials'],
  ['ExpiredTokenException', 'aws-expired-credentials'],
  ['TokenRefreshRequired', 'aws-expired-credentials'], // S3: "The provided token must be refreshed."
  ['SignatureDoesNotMatch', 'aws-signature'],
  ['InvalidSignatureException', 'aws-signature'],
  ['IncompleteSignature', 'aws-signature'],
  ['IncompleteSignatureException', 'aws-signature'],
  // API Gateway: nothing was signed (or the path/stage does not exist): no credential was found.
  ['MissingAuthenticationToken', 'missing-credential'],
  ['MissingAuthenticationTokenException', 'missing-credential'],
  // API Gateway: a route with an API key or Lambda authorizer refusing the caller.
  ['AccessDeniedException', 'insufficient-scope'],
  // API Gateway's plain 403 {"message":"Forbidden"}: a missing or unknown API key, among others.
  ['ForbiddenException', 'invalid'],
  ['RequestTimeTooSkewed', 'clock-skew'],
  ['RequestExpired', 'clock-skew'],
]);

// Messages that carry no code (API Gateway) or say more than it.
const TEXTS: readonly TextMatcher[] = [
  rule('aws', 'clock-skew', /Signature (?:expired|not yet current): /),
  rule('aws', 'aws-invalid-credentials', /security token included in the request is invalid/i),
  rule('aws', 'aws-expired-credentials', /security token included in the request is expired/i),
  rule('aws', 'missing-credential', /^(?:Request is )?missing Authentication Token\.?$/i, {
    code: 'MissingAuthenticationToken',
  }),
  rule(
    'aws',
    'aws-invalid-credentials',
    /AWS was not able to validate the provided access credentials|(?:AWS Access Key Id|access key ID) (?:you provided|provided) does not exist in our records/i,
  ),
  rule('aws', 'aws-signature', /request signature we calculated does not match the signature you provided/i),
  rule('aws', 'insufficient-scope', /not authorized to access this resource with an explicit deny/i),
];

// Cognito: API Gateway's Cognito authorizer, and the Cognito user-pool API's NotAuthorizedException.
const COGNITO: readonly TextMatcher[] = [
  rule(
    'cognito',
    'expired',
    /^(?:The incoming token has expired|(?:Access|Refresh|ID) Token has expired)\.?$/,
  ),
  rule('cognito', 'revoked', /^(?:Access|Refresh) Token has been revoked\.?$/),
  rule('cognito', 'invalid', /^Invalid (?:Access|Refresh|ID) Token\.?$/),
];

/** "com.amazon.coral.service#UnrecognizedClientException" and "X:http://internal.amazon.com/..." → "X". */
function normaliseCode(raw: string): string {
  const noNamespace = raw.slice(raw.lastIndexOf('#') + 1);
  const colon = noNamespace.indexOf(':');
  return (colon >= 0 ? noNamespace.slice(0, colon) : noNamespace).trim();
}

interface Found {
  code?: string | undefined;
  message?: string | undefined;
}

function fromBody(json: unknown, text: string): Found | undefined {
  if (json !== undefined) {
    const nested = get(json, 'Error'); // query-compatible JSON: {"Error":{"Code","Message"}}
    const code =
      str(get(json, '__type')) ??
      str(get(json, 'code')) ??
      str(get(json, 'Code')) ??
      str(get(nested, 'Code'));
    const message = str(get(json, 'message')) ?? str(get(json, 'Message')) ?? str(get(nested, 'Message'));
    return code || message ? { code, message } : undefined;
  }
  if (text.includes('<Code>'))
    return { code: xmlElement(text, 'Code'), message: xmlElement(text, 'Message') };
  // Truncated JSON: the fields still open the body.
  const code = /"__type"\s{0,20}:\s{0,20}"([^"]{1,200})"/.exec(text)?.[1];
  const message = /"[Mm]essage"\s{0,20}:\s{0,20}"([^"\\]{1,500})"/.exec(text)?.[1];
  return code || message ? { code, message } : undefined;
}

const UNIT_MS: Readonly<Record<string, number>> = { sec: 1000, min: 60_000, hour: 3_600_000 };

/**
 * "Signature expired: 20151221T200419Z is now earlier than 20151221T201450Z (20151221T201950Z - 5 min.)":
 * the request's time, the edge of the window, and (in parentheses) the server's time and the allowed skew.
 */
function clockDetails(message: string, text: string): SignalDetails | undefined {
  const m =
    /Signature (?:expired|not yet current): (\d{8}T\d{6}Z) is (?:now earlier|still later) than \d{8}T\d{6}Z \((\d{8}T\d{6}Z) [+-] (\d{1,5}) (sec|min|hour)/.exec(
      message,
    );
  if (m?.[1] && m[2] && m[3] && m[4]) {
    const unit = UNIT_MS[m[4]] ?? 60_000;
    return {
      requestTime: parseUtcTime(m[1]),
      serverTime: parseUtcTime(m[2]),
      allowedSkewMs: Number(m[3]) * unit,
    };
  }
  // S3 RequestTimeTooSkewed: <RequestTime>, <ServerTime>, <MaxAllowedSkewMilliseconds>.
  const skew = xmlElement(text, 'MaxAllowedSkewMilliseconds');
  return {
    requestTime: parseUtcTime(xmlElement(text, 'RequestTime')),
    serverTime: parseUtcTime(xmlElement(text, 'ServerTime')),
    allowedSkewMs: skew && /^\d{1,10}$/.test(skew) ? Number(skew) : undefined,
  };
}

type Classified = Pick<SignalInit, 'family' | 'kind' | 'code' | 'details'>;

function classify(
  code: string | undefined,
  message: string,
  apiGateway: boolean,
  text: string,
): Classified | undefined {
  const cognito = firstMatch(message, COGNITO);
  if (cognito) return { ...cognito, code };
  const byText = firstMatch(message, TEXTS);
  // Codes first; a message that states a clock mismatch refines SignatureDoesNotMatch et al.
  let kind = (code === undefined ? undefined : CODES.get(code)) ?? byText?.kind;
  if (byText?.kind === 'clock-skew' && kind !== undefined) kind = 'clock-skew';
  if (kind === 'clock-skew') return { family: 'aws', kind, code, details: clockDetails(message, text) };
  if (kind) return { family: 'aws', kind, code: code ?? byText?.code };
  // S3 presigned URL past X-Amz-Expires: <Code>AccessDenied</Code><Message>Request has expired</Message>.
  if (code === 'AccessDenied' && /^Request has expired\.?$/.test(message))
    return {
      family: 'aws',
      kind: 'expired',
      code,
      details: { serverTime: parseUtcTime(xmlElement(text, 'ServerTime')) },
    };
  // API Gateway authorizers (Cognito, Lambda) reject with a bare {"message":"Unauthorized"}.
  if (apiGateway && /^Unauthorized\.?$/i.test(message)) return { family: 'aws', kind: 'invalid', code };
  return undefined;
}

export function readAwsSignals(input: SignalInput): ServerSignal[] {
  const body = readBody(input);
  const errorType = headerValue(input.headers, 'x-amzn-errortype')?.slice(0, 300);
  const headerCode = errorType ? normaliseCode(errorType) : undefined;
  const found = fromBody(body.json, body.text);
  const code = (found?.code ? normaliseCode(found.code) : undefined) || headerCode;
  const message = found?.message?.trim() ?? '';
  const apiGateway = headerCode !== undefined || headerValue(input.headers, 'x-amz-apigw-id') !== undefined;
  const m = classify(code, message, apiGateway, body.text);
  if (!m) return [];
  // A bare x-amzn-ErrorType (HEAD requests, empty bodies) is the only statement: quote the header.
  const where = message || found?.code ? 'response-body' : 'response-header';
  return [signal({ ...m, message: message || errorType || code || '', where })];
}
