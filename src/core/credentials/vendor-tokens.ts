/**
 * Credentials recognised by their documented shape (the prefixes vendors put on secrets so that
 * scanners can tell them apart), each with the form its service reads it in. When one arrives in
 * another form — an Anthropic key as `Bearer`, a Linear key with `Bearer `, a Shopify token in
 * `Authorization` — the service answers as if nothing was sent, whatever the key's validity.
 *
 * Shapes: each vendor's documentation on keys, and the public secret-scanning rules that match them
 * (GitHub secret scanning partners, gitleaks). Forms: each service's authentication documentation.
 */

/** Where a service reads a credential: a header with a scheme, a header of its own, or the query. */
export type CredentialForm =
  | { in: 'authorization'; scheme: 'bearer' | 'token' | 'bot' | 'basic' | '' }
  | { in: 'header'; name: string }
  | { in: 'query'; name: string };

export interface VendorToken {
  /** Stable id (`openai-key`), kept in credential details. */
  id: string;
  /** In words: "OpenAI API key". */
  words: string;
  pattern: RegExp;
  /** Every form the service accepts, in the order its documentation gives them. */
  forms: readonly CredentialForm[];
  /** Hosts of the service (a suffix match); elsewhere (a proxy, self-hosting) a mismatch is only likely. */
  hosts: readonly string[];
  /** Basic credentials: what goes before the colon. */
  basicUser?: string;
}

const BEARER: CredentialForm = { in: 'authorization', scheme: 'bearer' };
const BASIC: CredentialForm = { in: 'authorization', scheme: 'basic' };
const header = (name: string): CredentialForm => ({ in: 'header', name });

/** Most specific prefixes first: `sk-ant-` and `sk-or-` before OpenAI's `sk-`. */
export const VENDOR_TOKENS: readonly VendorToken[] = [
  {
    id: 'anthropic-key',
    words: 'Anthropic API key',
    pattern: /^sk-ant-(?:api|admin)\d{2}-[\w-]{80,}$/,
    forms: [header('x-api-key')],
    hosts: ['api.anthropic.com'],
  },
  {
    id: 'anthropic-oauth-token',
    words: 'Anthropic OAuth access token',
    pattern: /^sk-ant-oat\d{2}-[\w-]{40,}$/,
    forms: [BEARER],
    hosts: ['api.anthropic.com'],
  },
  {
    id: 'openrouter-key',
    words: 'OpenRouter API key',
    pattern: /^sk-or-v1-[0-9a-f]{64}$/,
    forms: [BEARER],
    hosts: ['openrouter.ai'],
  },
  {
    id: 'openai-key',
    words: 'OpenAI API key',
    pattern: /^sk-(?:proj|svcacct|admin)-[\w-]{40,}$|^sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}$/,
    forms: [BEARER],
    hosts: ['api.openai.com'],
  },
  {
    id: 'elevenlabs-key',
    words: 'ElevenLabs API key',
    pattern: /^sk_[0-9a-f]{48}$/,
    forms: [header('xi-api-key')],
    hosts: ['api.elevenlabs.io'],
  },
  {
    id: 'huggingface-token',
    words: 'Hugging Face access token',
    pattern: /^hf_[A-Za-z]{34}$/,
    forms: [BEARER],
    hosts: ['huggingface.co', 'hf.co'],
  },
  {
    id: 'groq-key',
    words: 'Groq API key',
    pattern: /^gsk_[A-Za-z0-9]{52}$/,
    forms: [BEARER],
    hosts: ['api.groq.com'],
  },
  {
    id: 'replicate-token',
    words: 'Replicate API token',
    pattern: /^r8_[A-Za-z0-9]{37}$/,
    forms: [BEARER, { in: 'authorization', scheme: 'token' }],
    hosts: ['api.replicate.com'],
  },
  {
    id: 'perplexity-key',
    words: 'Perplexity API key',
    pattern: /^pplx-[A-Za-z0-9]{48}$/,
    forms: [BEARER],
    hosts: ['api.perplexity.ai'],
  },
  {
    id: 'xai-key',
    words: 'xAI API key',
    pattern: /^xai-[A-Za-z0-9]{80}$/,
    forms: [BEARER],
    hosts: ['api.x.ai'],
  },
  {
    id: 'gitlab-pat',
    words: 'GitLab personal access token',
    pattern: /^glpat-[\w-]{20,}(?:\.[\w-]+)*$/,
    forms: [header('private-token'), BEARER],
    hosts: ['gitlab.com'],
  },
  {
    id: 'npm-token',
    words: 'npm access token',
    pattern: /^npm_[A-Za-z0-9]{36}$/,
    forms: [BEARER],
    hosts: ['registry.npmjs.org', 'npmjs.com'],
  },
  {
    id: 'pypi-token',
    words: 'PyPI API token',
    pattern: /^pypi-AgE[A-Za-z0-9_-]{50,}$/,
    forms: [BASIC],
    basicUser: '__token__',
    hosts: ['pypi.org', 'upload.pypi.org', 'test.pypi.org'],
  },
  {
    id: 'docker-hub-pat',
    words: 'Docker Hub personal access token',
    pattern: /^dckr_pat_[\w-]{27}$/,
    forms: [BASIC],
    hosts: ['docker.io', 'hub.docker.com'],
  },
  {
    id: 'sendgrid-key',
    words: 'SendGrid API key',
    pattern: /^SG\.[\w-]{22}\.[\w-]{43}$/,
    forms: [BEARER],
    hosts: ['api.sendgrid.com'],
  },
  {
    id: 'twilio-sid',
    words: 'Twilio account or API key SID',
    pattern: /^(?:AC|SK)[0-9a-f]{32}$/,
    forms: [BASIC],
    hosts: ['api.twilio.com', 'twilio.com'],
  },
  {
    id: 'mailgun-key',
    words: 'Mailgun API key',
    pattern: /^key-[0-9a-f]{32}$/,
    forms: [BASIC],
    basicUser: 'api',
    hosts: ['api.mailgun.net', 'api.eu.mailgun.net'],
  },
  {
    id: 'mailchimp-key',
    words: 'Mailchimp API key',
    pattern: /^[0-9a-f]{32}-us\d{1,2}$/,
    forms: [BASIC, BEARER],
    hosts: ['api.mailchimp.com'],
  },
  {
    id: 'shopify-token',
    words: 'Shopify Admin API access token',
    pattern: /^shp(?:at|ca|pa)_[0-9a-fA-F]{32}$/,
    forms: [header('x-shopify-access-token')],
    hosts: ['myshopify.com'],
  },
  {
    id: 'notion-token',
    words: 'Notion integration token',
    pattern: /^(?:secret_[A-Za-z0-9]{43}|ntn_[A-Za-z0-9]{40,50})$/,
    forms: [BEARER],
    hosts: ['api.notion.com'],
  },
  {
    id: 'airtable-pat',
    words: 'Airtable personal access token',
    pattern: /^pat[A-Za-z0-9]{14}\.[0-9a-f]{64}$/,
    forms: [BEARER],
    hosts: ['api.airtable.com'],
  },
  {
    id: 'linear-key',
    words: 'Linear personal API key',
    pattern: /^lin_api_[A-Za-z0-9]{40}$/,
    forms: [{ in: 'authorization', scheme: '' }],
    hosts: ['api.linear.app'],
  },
  {
    id: 'figma-pat',
    words: 'Figma personal access token',
    pattern: /^figd_[\w-]{40,}$/,
    forms: [header('x-figma-token')],
    hosts: ['api.figma.com'],
  },
  {
    id: 'hubspot-token',
    words: 'HubSpot private app access token',
    pattern: /^pat-(?:na|eu|ap)\d-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    forms: [BEARER],
    hosts: ['api.hubapi.com', 'api.hubspot.com'],
  },
  {
    id: 'atlassian-api-token',
    words: 'Atlassian API token',
    pattern: /^ATATT3[\w=-]{100,}$/,
    forms: [BASIC],
    hosts: ['atlassian.net', 'api.atlassian.com'],
  },
  {
    id: 'bitbucket-app-password',
    words: 'Bitbucket app password',
    pattern: /^ATBB[A-Za-z0-9_=.-]{28,}$/,
    forms: [BASIC],
    hosts: ['api.bitbucket.org', 'bitbucket.org'],
  },
  {
    id: 'sentry-token',
    words: 'Sentry auth token',
    pattern: /^sntry[us]_[A-Za-z0-9+/=_-]{40,}$/,
    forms: [BEARER],
    hosts: ['sentry.io'],
  },
  {
    id: 'newrelic-user-key',
    words: 'New Relic user API key',
    pattern: /^NRAK-[A-Z0-9]{27}$/,
    forms: [header('api-key')],
    hosts: ['api.newrelic.com', 'api.eu.newrelic.com'],
  },
  {
    id: 'grafana-token',
    words: 'Grafana service account token',
    pattern: /^gl(?:sa|c)_[A-Za-z0-9_+/=-]{32,}$/,
    forms: [BEARER],
    hosts: ['grafana.net', 'grafana.com'],
  },
  {
    id: 'digitalocean-token',
    words: 'DigitalOcean personal access token',
    pattern: /^do[op]_v1_[0-9a-f]{64}$/,
    forms: [BEARER],
    hosts: ['api.digitalocean.com'],
  },
  {
    id: 'doppler-token',
    words: 'Doppler token',
    pattern: /^dp\.(?:pt|st|sa|ct|scim|audit)\.[A-Za-z0-9]{40,44}$/,
    forms: [BEARER, BASIC],
    hosts: ['api.doppler.com'],
  },
  {
    id: 'pulumi-token',
    words: 'Pulumi access token',
    pattern: /^pul-[0-9a-f]{40}$/,
    forms: [{ in: 'authorization', scheme: 'token' }],
    hosts: ['api.pulumi.com'],
  },
  {
    id: 'postman-key',
    words: 'Postman API key',
    pattern: /^PMAK-[0-9a-f]{24}-[0-9a-f]{34}$/,
    forms: [header('x-api-key')],
    hosts: ['api.getpostman.com', 'api.postman.com'],
  },
  {
    id: 'square-token',
    words: 'Square access token',
    pattern: /^EAAA[\w-]{60}$/,
    forms: [BEARER],
    hosts: ['connect.squareup.com', 'connect.squareupsandbox.com'],
  },
  {
    id: 'supabase-key',
    words: 'Supabase API key',
    pattern: /^sb_(?:publishable|secret)_[\w-]{20,}$/,
    forms: [header('apikey')],
    hosts: ['supabase.co'],
  },
  {
    id: 'contentful-pat',
    words: 'Contentful personal access token',
    pattern: /^CFPAT-[\w-]{43}$/,
    forms: [BEARER],
    hosts: ['api.contentful.com'],
  },
  {
    id: 'resend-key',
    words: 'Resend API key',
    pattern: /^re_[A-Za-z0-9]{8}_[A-Za-z0-9]{24}$/,
    forms: [BEARER],
    hosts: ['api.resend.com'],
  },
  {
    id: 'netlify-token',
    words: 'Netlify personal access token',
    pattern: /^nfp_[A-Za-z0-9]{36}$/,
    forms: [BEARER],
    hosts: ['api.netlify.com'],
  },
  {
    id: 'databricks-token',
    words: 'Databricks personal access token',
    pattern: /^dapi[0-9a-f]{32}(?:-\d)?$/,
    forms: [BEARER],
    hosts: ['cloud.databricks.com', 'azuredatabricks.net'],
  },
  {
    id: 'vault-token',
    words: 'HashiCorp Vault token',
    pattern: /^hv[sbr]\.[\w-]{24,}$/,
    forms: [header('x-vault-token'), BEARER],
    hosts: [],
  },
  {
    id: 'terraform-cloud-token',
    words: 'HCP Terraform API token',
    pattern: /^[A-Za-z0-9]{14}\.atlasv1\.[\w-]{60,}$/,
    forms: [BEARER],
    hosts: ['app.terraform.io'],
  },
  {
    id: 'asana-pat',
    words: 'Asana personal access token',
    pattern: /^[12]\/\d{10,20}(?:\/\d{10,20})?:[0-9a-f]{32}$/,
    forms: [BEARER],
    hosts: ['app.asana.com'],
  },
  {
    id: 'mapbox-token',
    words: 'Mapbox access token',
    pattern: /^[ps]k\.eyJ[\w-]{10,}\.[\w-]{20,}$/,
    forms: [{ in: 'query', name: 'access_token' }],
    hosts: ['api.mapbox.com'],
  },
  {
    id: 'dropbox-token',
    words: 'Dropbox short-lived access token',
    pattern: /^sl\.[\w-]{130,}$/,
    forms: [BEARER],
    hosts: ['api.dropboxapi.com', 'content.dropboxapi.com'],
  },
  {
    id: 'circleci-token',
    words: 'CircleCI personal API token',
    pattern: /^CCIPAT_[A-Za-z0-9]{22}_[0-9a-f]{40}$/,
    forms: [header('circle-token')],
    hosts: ['circleci.com'],
  },
  {
    id: 'buildkite-token',
    words: 'Buildkite API access token',
    pattern: /^bkua_[0-9a-f]{40}$/,
    forms: [BEARER],
    hosts: ['api.buildkite.com'],
  },
  {
    id: 'typeform-token',
    words: 'Typeform personal access token',
    pattern: /^tfp_[\w-]{40,}$/,
    forms: [BEARER],
    hosts: ['api.typeform.com'],
  },
];

/** Longest accepted secret: a bound on every pattern's input. */
const MAX_VENDOR_TOKEN = 2048;

/** Every shape in one pattern: most tokens are none of them, and one native test says so. */
const ANY_VENDOR = new RegExp(VENDOR_TOKENS.map((vendor) => `(?:${vendor.pattern.source})`).join('|'));

export function findVendorToken(token: string): VendorToken | undefined {
  if (token.length > MAX_VENDOR_TOKEN || !ANY_VENDOR.test(token)) return undefined;
  return VENDOR_TOKENS.find((vendor) => vendor.pattern.test(token));
}

export function findVendorTokenById(id: string | undefined): VendorToken | undefined {
  return id === undefined ? undefined : VENDOR_TOKENS.find((vendor) => vendor.id === id);
}

/** A form as a user writes it: `Authorization: Bearer <key>`, `x-api-key: <key>`, `?access_token=<key>`. */
export function describeForm(form: CredentialForm, vendor?: VendorToken): string {
  switch (form.in) {
    case 'authorization':
      if (form.scheme === '') return 'Authorization: <key> (no scheme)';
      if (form.scheme === 'basic')
        return `Authorization: Basic base64(${vendor?.basicUser ?? '<user>'}:<key>)`;
      return `Authorization: ${form.scheme[0]?.toUpperCase()}${form.scheme.slice(1)} <key>`;
    case 'header':
      return `${form.name}: <key>`;
    case 'query':
      return `?${form.name}=<key>`;
  }
}

/** Whether the service is the one the request went to (a host or one of its subdomains). */
export function isServiceHost(vendor: VendorToken, url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  return vendor.hosts.some((suffix) => host === suffix || host.endsWith(`.${suffix}`));
}

/**
 * Services whose secrets have no recognisable shape but whose API reads them in one form only: a
 * credential in another form at that host is in the wrong form whatever it is.
 */
export interface ServiceForms {
  words: string;
  hosts: readonly string[];
  /** Only these paths (a registry's API, not its token endpoint). */
  paths?: RegExp;
  /** The forms any credential in Authorization must take at this host. */
  forms?: readonly CredentialForm[];
  basicUser?: string;
  /**
   * Kinds of secret told apart by shape only at this host (a 37-hex Cloudflare Global API Key, a
   * 40-hex Datadog application key): elsewhere such a value is just opaque.
   */
  shapes?: readonly { words: string; pattern: RegExp; forms: readonly CredentialForm[] }[];
}

export const SERVICE_FORMS: readonly ServiceForms[] = [
  // twilio.com/docs/usage/requests-to-twilio: HTTP Basic, Account SID (or API key SID) and secret.
  { words: 'Twilio credential', hosts: ['api.twilio.com'], forms: [BASIC], basicUser: '<Account SID>' },
  // documentation.mailgun.com, Authentication: Basic with the user name "api".
  {
    words: 'Mailgun API key',
    hosts: ['api.mailgun.net', 'api.eu.mailgun.net'],
    forms: [BASIC],
    basicUser: 'api',
  },
  // The registry API takes the bearer token its /token endpoint issues; Basic goes to /token only.
  { words: 'GitHub Container Registry credential', hosts: ['ghcr.io'], paths: /^\/v2\/./, forms: [BEARER] },
  // developers.cloudflare.com/fundamentals/api/get-started: API tokens (40 characters) go as
  // Bearer; the legacy Global API Key (37 hex) goes as X-Auth-Key with X-Auth-Email.
  {
    words: 'Cloudflare credential',
    hosts: ['api.cloudflare.com'],
    shapes: [
      { words: 'Cloudflare Global API Key', pattern: /^[0-9a-f]{37}$/, forms: [header('x-auth-key')] },
      { words: 'Cloudflare API token', pattern: /^[\w-]{40}$/, forms: [BEARER] },
    ],
  },
  // docs.datadoghq.com/account_management/api-app-keys: API keys are 32 hex (DD-API-KEY),
  // application keys 40 hex (DD-APPLICATION-KEY).
  {
    words: 'Datadog key',
    hosts: ['datadoghq.com', 'datadoghq.eu', 'ddog-gov.com'],
    shapes: [
      { words: 'Datadog API key', pattern: /^[0-9a-f]{32}$/, forms: [header('dd-api-key')] },
      { words: 'Datadog application key', pattern: /^[0-9a-f]{40}$/, forms: [header('dd-application-key')] },
    ],
  },
];

/** The entry for the host (and path) a request went to, if its service reads credentials in one form. */
/** Any of those hosts anywhere in a URL: most requests go elsewhere, and this says so without parsing. */
const SERVICE_HOST_HINT = new RegExp(
  SERVICE_FORMS.flatMap((service) => service.hosts.map((host) => host.replaceAll('.', '\\.'))).join('|'),
  'i',
);

export function serviceFormsFor(url: string): ServiceForms | undefined {
  if (!SERVICE_HOST_HINT.test(url)) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const host = parsed.hostname.toLowerCase();
  return SERVICE_FORMS.find(
    (service) =>
      service.hosts.some((suffix) => host === suffix || host.endsWith(`.${suffix}`)) &&
      (!service.paths || service.paths.test(parsed.pathname)),
  );
}
