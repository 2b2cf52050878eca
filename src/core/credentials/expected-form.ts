import type { SentCredential } from './credential.ts';
import {
  type CredentialForm,
  describeForm,
  findVendorTokenById,
  isServiceHost,
  serviceFormsFor,
  type VendorToken,
} from './vendor-tokens.ts';

/**
 * The forms a recognised credential is read in by its own service, and whether the request used
 * one of them. Kinds recognised before the vendor table (GitHub, Slack, Stripe, Google) are listed
 * here with the forms their documentation gives.
 */
const BEARER: CredentialForm = { in: 'authorization', scheme: 'bearer' };

const KIND_FORMS: Partial<Record<SentCredential['kind'], Omit<VendorToken, 'id' | 'pattern'>>> = {
  'github-token': {
    words: 'GitHub token',
    forms: [BEARER, { in: 'authorization', scheme: 'token' }],
    hosts: ['api.github.com'],
  },
  'slack-token': { words: 'Slack token', forms: [BEARER], hosts: ['slack.com'] },
  'stripe-key': {
    words: 'Stripe API key',
    forms: [BEARER, { in: 'authorization', scheme: 'basic' }],
    hosts: ['api.stripe.com'],
  },
  'google-api-key': {
    words: 'Google API key',
    forms: [
      { in: 'header', name: 'x-goog-api-key' },
      { in: 'query', name: 'key' },
    ],
    hosts: ['googleapis.com'],
  },
  'google-oauth-token': { words: 'Google OAuth access token', forms: [BEARER], hosts: ['googleapis.com'] },
};

export interface FormMismatch {
  credential: SentCredential;
  words: string;
  /** How it was sent, as a user writes it. */
  sent: string;
  /** The forms its service reads, as a user writes them. */
  expected: string[];
  /** The request went to the credential's own service (not a proxy or a self-hosted copy). */
  onServiceHost: boolean;
}

function formSent(credential: SentCredential): CredentialForm {
  const { location } = credential;
  if (location.in === 'query') return { in: 'query', name: location.name.toLowerCase() };
  if (location.name === 'authorization') {
    const scheme = credential.scheme.toLowerCase();
    return { in: 'authorization', scheme: scheme as 'bearer' };
  }
  return { in: 'header', name: location.name };
}

function sameForm(a: CredentialForm, b: CredentialForm): boolean {
  if (a.in === 'authorization' && b.in === 'authorization') return a.scheme === b.scheme;
  if (a.in === 'header' && b.in === 'header') return a.name === b.name;
  if (a.in === 'query' && b.in === 'query') return a.name === b.name;
  return false;
}

function describeSent(credential: SentCredential): string {
  const form = formSent(credential);
  if (form.in === 'authorization') {
    return credential.scheme
      ? `Authorization: ${credential.scheme} <key>`
      : 'Authorization: <key> (no scheme)';
  }
  return describeForm(form);
}

/**
 * The first recognised credential sent in a form its service does not read, unless the same secret
 * also went in a form it does (a client that sends both is not wrong).
 */
export function findFormMismatch(
  credentials: readonly SentCredential[],
  url: string,
): FormMismatch | undefined {
  for (const credential of credentials) {
    const spec =
      credential.kind === 'vendor-token'
        ? findVendorTokenById(credential.details.vendorTokenId)
        : KIND_FORMS[credential.kind];
    if (!spec) continue;
    const accepted = (sent: SentCredential) => spec.forms.some((form) => sameForm(form, formSent(sent)));
    if (accepted(credential)) continue;
    if (credentials.some((other) => other.value === credential.value && accepted(other))) continue;
    const vendor = 'id' in spec ? (spec as VendorToken) : undefined;
    return {
      credential,
      words: spec.words,
      sent: describeSent(credential),
      expected: spec.forms.map((form) => describeForm(form, vendor)),
      onServiceHost: isServiceHost({ ...spec, id: '', pattern: /$^/ }, url),
    };
  }
  return hostFormMismatch(credentials, url);
}

/**
 * A credential at a host whose service reads it in other forms only: any credential in
 * Authorization where the service names one form, or a secret whose shape the service documents.
 */
function hostFormMismatch(credentials: readonly SentCredential[], url: string): FormMismatch | undefined {
  const service = serviceFormsFor(url);
  if (!service) return undefined;
  const mismatch = (credential: SentCredential, words: string, forms: readonly CredentialForm[]) => {
    if (forms.some((form) => sameForm(form, formSent(credential)))) return undefined;
    const vendor = { ...service, forms, id: '', pattern: /$^/ } as VendorToken;
    return {
      credential,
      words,
      sent: describeSent(credential),
      expected: forms.map((form) => describeForm(form, vendor)),
      onServiceHost: true,
    };
  };
  for (const credential of credentials) {
    const shape = service.shapes?.find((candidate) => candidate.pattern.test(credential.value.trim()));
    const found = shape && mismatch(credential, shape.words, shape.forms);
    if (found) return found;
  }
  const authorization = credentials.find((sent) => sent.location.name === 'authorization');
  return authorization && service.forms ? mismatch(authorization, service.words, service.forms) : undefined;
}
