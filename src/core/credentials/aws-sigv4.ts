import { formatDuration } from '../time/format-relative.ts';
import type { CredentialDetails, IdentifiedToken } from './credential.ts';
import { isPlaceholderValue } from './parse-authorization.ts';

/**
 * AWS credentials by shape: access key ids, and Signature Version 4 in the Authorization header or
 * in a presigned URL (AWS docs: "Create a signed AWS API request", "Authenticating Requests: Using
 * Query Parameters"). Every missing or misshapen SigV4 part is named, because that is what AWS's
 * IncompleteSignature error is about.
 */
const ALGORITHM = 'AWS4-HMAC-SHA256';
/** S3 presigned URLs: X-Amz-Expires is at most 604800 seconds (7 days). */
const MAX_PRESIGNED_SECONDS = 604_800;

/**
 * Access key ids by prefix (IAM User Guide, "Unique identifiers"): AKIA long-term, ASIA temporary
 * (STS; useless without its session token), ABIA STS service bearer token, ACCA context-specific.
 */
const AWS_KEY_ID = /^(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}$/;
type AwsKeyType = NonNullable<CredentialDetails['awsKeyType']>;
const AWS_PREFIXES: Readonly<Record<string, AwsKeyType>> = {
  AKIA: 'long-term',
  ASIA: 'temporary',
  ABIA: 'bearer',
  ACCA: 'context-specific',
};
const AWS_KEY_WORDS: Readonly<Record<AwsKeyType, string>> = {
  'long-term': 'long-term',
  temporary: 'temporary',
  bearer: 'bearer-token',
  'context-specific': 'context-specific',
  unknown: 'unknown-type',
};
const AWS_KEY_HINTS: Partial<Record<AwsKeyType, string>> = {
  temporary: '; needs its session token',
  bearer: '; CodeArtifact and other STS bearer-token services',
};

/** The key's type by prefix, or undefined when the value is not an access key id. */
export function awsKeyType(id: string): AwsKeyType | undefined {
  if (!AWS_KEY_ID.test(id)) return undefined;
  return AWS_PREFIXES[id.slice(0, 4)] ?? 'unknown';
}

export function identifyAwsKeyId(token: string): IdentifiedToken | undefined {
  const type = awsKeyType(token);
  if (!type) return undefined;
  return {
    kind: 'aws-access-key-id',
    description: `AWS ${AWS_KEY_WORDS[type]} access key id (${token.slice(0, 4)}…${AWS_KEY_HINTS[type] ?? ''})`,
    details: { awsAccessKeyId: token, awsKeyType: type },
  };
}

/** `AWS4-HMAC-SHA256 Credential=AKID/date/region/service/aws4_request, SignedHeaders=…, Signature=…` */
export function parseSigV4Authorization(value: string, amzDate?: string): IdentifiedToken {
  const notes: string[] = [];
  const text = value.trim().replace(/^AWS4-HMAC-SHA256(?=\s|,|$)/i, '');
  // Clients separate the parameters with ", ", "," or " ": accept all of them.
  const params = new Map<string, string>();
  text
    .split(/[\s,]+/)
    .filter((part) => part !== '')
    .forEach((part, index) => {
      const eq = part.indexOf('=');
      if (eq <= 0) notes.push(`part ${index + 1} is not a key=value pair (missing "=")`);
      else if (!params.has(part.slice(0, eq).toLowerCase())) {
        params.set(part.slice(0, eq).toLowerCase(), part.slice(eq + 1));
      }
    });
  const details: CredentialDetails = {};
  readScope(params.get('credential'), 'Credential', details, notes);
  readSignedHeaders(params.get('signedheaders'), 'SignedHeaders', details, notes);
  readSignature(params.get('signature'), 'Signature', notes);
  if (amzDate !== undefined) readAmzDate(amzDate, details, notes);
  return finish('aws-sigv4', 'AWS Signature Version 4', details, notes);
}

export function readPresignedUrl(url: string): IdentifiedToken | undefined {
  const start = url.indexOf('?');
  if (start === -1) return undefined;
  const hash = url.indexOf('#', start);
  const params = new Map<string, string>();
  for (const [name, value] of new URLSearchParams(url.slice(start + 1, hash === -1 ? undefined : hash))) {
    if (!params.has(name.toLowerCase())) params.set(name.toLowerCase(), value);
  }
  if (!['x-amz-algorithm', 'x-amz-credential', 'x-amz-signature'].some((name) => params.has(name))) {
    return undefined;
  }
  const notes: string[] = [];
  const details: CredentialDetails = {};
  const algorithm = params.get('x-amz-algorithm');
  if (algorithm === undefined) notes.push('no X-Amz-Algorithm parameter');
  else if (algorithm !== ALGORITHM)
    notes.push(`X-Amz-Algorithm is "${algorithm.slice(0, 40)}", not ${ALGORITHM}`);
  readScope(params.get('x-amz-credential'), 'X-Amz-Credential', details, notes);
  const date = params.get('x-amz-date');
  if (date === undefined) notes.push('no X-Amz-Date parameter');
  else readAmzDate(date, details, notes);
  readExpires(params.get('x-amz-expires'), details, notes);
  readSignedHeaders(params.get('x-amz-signedheaders'), 'X-Amz-SignedHeaders', details, notes);
  readSignature(params.get('x-amz-signature'), 'X-Amz-Signature', notes);
  const token = params.get('x-amz-security-token');
  if (token === undefined && details.awsKeyType === 'temporary') {
    notes.push('temporary key (ASIA…) but no X-Amz-Security-Token parameter');
  } else if (token !== undefined && (token.trim() === '' || isPlaceholderValue(token.trim()))) {
    notes.push('X-Amz-Security-Token is empty or a placeholder value');
  }
  return finish('aws-presigned-url', 'AWS presigned URL', details, notes);
}

function finish(
  kind: 'aws-sigv4' | 'aws-presigned-url',
  name: string,
  details: CredentialDetails,
  notes: string[],
): IdentifiedToken {
  const words: string[] = [];
  if (details.awsKeyType && details.awsAccessKeyId) {
    words.push(`${AWS_KEY_WORDS[details.awsKeyType]} access key ${details.awsAccessKeyId.slice(0, 4)}…`);
  }
  if (details.awsRegion) words.push(details.awsRegion);
  if (details.awsService) words.push(details.awsService);
  if (details.awsExpiresSeconds !== undefined) {
    words.push(`valid ${formatDuration(details.awsExpiresSeconds * 1000) ?? '0 s'}`);
  }
  if (notes.length) details.shapeNotes = notes;
  return { kind, description: words.length ? `${name} (${words.join(', ')})` : name, details };
}

/** Credential=AKID/YYYYMMDD/region/service/aws4_request */
function readScope(value: string | undefined, name: string, details: CredentialDetails, notes: string[]) {
  if (value === undefined || value === '') {
    notes.push(`no ${name} parameter`);
    return;
  }
  const parts = value.split('/');
  const [keyId = '', date = '', region = '', service = '', terminator = ''] = parts;
  if (parts.length !== 5) {
    notes.push(`${name} has ${parts.length} parts; AKID/YYYYMMDD/region/service/aws4_request expected`);
  }
  details.awsAccessKeyId = keyId;
  const type = awsKeyType(keyId);
  if (type) details.awsKeyType = type;
  else notes.push(`${name} does not start with an AWS access key id (AKIA…/ASIA… + 16 characters)`);
  if (/^\d{8}$/.test(date)) details.awsDate = date;
  else if (parts.length > 1) notes.push(`${name} date is not YYYYMMDD`);
  if (region) details.awsRegion = region;
  if (service) details.awsService = service;
  if (parts.length === 5 && terminator !== 'aws4_request')
    notes.push(`${name} does not end in /aws4_request`);
}

function readSignedHeaders(
  value: string | undefined,
  name: string,
  details: CredentialDetails,
  notes: string[],
) {
  if (value === undefined || value === '') {
    notes.push(`no ${name} parameter`);
    return;
  }
  details.awsSignedHeaders = value.split(';');
  // SigV4 always signs host (AWS docs, "Elements of an AWS API request signature").
  if (!details.awsSignedHeaders.includes('host')) notes.push(`${name} does not include host`);
}

function readSignature(value: string | undefined, name: string, notes: string[]) {
  if (value === undefined || value === '') notes.push(`no ${name} parameter`);
  else if (!/^[0-9a-f]{64}$/.test(value)) {
    notes.push(`${name} is not 64 lowercase hex digits (found ${value.length} characters)`);
  }
}

/** X-Amz-Date is ISO 8601 basic format, UTC: 20130524T000000Z. */
function readAmzDate(value: string, details: CredentialDetails, notes: string[]) {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value.trim());
  if (!match) {
    notes.push(`X-Amz-Date "${value.slice(0, 40)}" is not in the form 20130524T000000Z`);
    return;
  }
  const ms = Date.parse(`${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6]}Z`);
  if (Number.isNaN(ms)) notes.push(`X-Amz-Date "${value.slice(0, 40)}" is not a real date`);
  else details.awsRequestTime = ms;
  // AWS rejects a scope date that is not the day of X-Amz-Date ("Date in Credential scope does not match").
  if (details.awsDate && details.awsDate !== value.trim().slice(0, 8)) {
    notes.push(
      `X-Amz-Date day ${value.trim().slice(0, 8)} differs from the credential scope date ${details.awsDate}`,
    );
  }
}

function readExpires(value: string | undefined, details: CredentialDetails, notes: string[]) {
  if (value === undefined) notes.push('no X-Amz-Expires parameter');
  else if (!/^\d{1,9}$/.test(value))
    notes.push(`X-Amz-Expires "${value.slice(0, 20)}" is not a number of seconds`);
  else {
    details.awsExpiresSeconds = Number(value);
    if (details.awsExpiresSeconds > MAX_PRESIGNED_SECONDS) {
      notes.push(`X-Amz-Expires ${value} exceeds the 7-day maximum (${MAX_PRESIGNED_SECONDS} s)`);
    }
  }
}
