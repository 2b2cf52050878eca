import type { Exchange } from '../exchange.ts';
import type { Facts } from '../facts.ts';
import { fingerprint } from '../fingerprint.ts';

/**
 * How an API request's token is tied to a token-endpoint exchange of the same tab: the token names
 * the endpoint's issuer, or was issued to the client that asked, or is the very token an earlier
 * answer of that endpoint issued; or, for an opaque token that names nobody, only the tab ties them.
 */
export type GrantLink = 'issuer' | 'client' | 'issued-token' | 'tab';

/** What the tie reads of a request: its token, decoded, and the tab's history (Facts has them). */
export type GrantLinkInput = Pick<Facts, 'token' | 'jwt' | 'exchange' | 'history'>;

export function grantLink(facts: GrantLinkInput, tokenExchange: Exchange): GrantLink | undefined {
  const request = tokenExchange.tokenRequest;
  if (!request || facts.token === undefined) return undefined;
  const payload = facts.jwt?.kind === 'jws' ? facts.jwt.payload : undefined;
  const sent = fingerprint(facts.token);
  if (issuedBy(sent, tokenExchange, facts.history)) return 'issued-token';
  if (request.grantType === 'unknown') return undefined;
  if (payload) {
    const client = [payload.azp, payload.client_id, payload.appid, payload.cid].find(
      (claim): claim is string => typeof claim === 'string',
    );
    if (client !== undefined && request.clientId !== undefined)
      // Both name a client: another client's refresh (a widget's, on the same tenant) is not this token's.
      return client === request.clientId ? 'client' : undefined;
    if (typeof payload.iss === 'string' && issuerServes(payload.iss, tokenExchange.url)) return 'issuer';
  }
  // A JWT that names another issuer and client belongs elsewhere. An opaque token names nobody:
  // only the same page (origin and frame) ties it to the grant, and a widget's refresh in a frame
  // or another site's is not the app's.
  if (payload || facts.jwt) return undefined;
  const { exchange } = facts;
  const samePage =
    exchange.pageOrigin !== undefined &&
    exchange.pageOrigin === tokenExchange.pageOrigin &&
    (exchange.frameId ?? 0) === (tokenExchange.frameId ?? 0);
  return samePage ? 'tab' : undefined;
}

/** Whether an earlier answer of the same endpoint issued this token. */
function issuedBy(sent: string, tokenExchange: Exchange, history: readonly Exchange[]): boolean {
  const endpoint = withoutQuery(tokenExchange.url);
  for (const earlier of history) {
    const issued = earlier.tokenResponse;
    if (!issued || withoutQuery(earlier.url) !== endpoint) continue;
    if (issued.accessToken?.fingerprint === sent || issued.idToken?.fingerprint === sent) return true;
  }
  return false;
}

const MICROSOFT = new Set([
  'login.microsoftonline.com',
  'login.microsoftonline.us',
  'login.partner.microsoftonline.cn',
  'login.windows.net',
  'sts.windows.net',
]);
const MICROSOFT_SHARED_TENANTS = new Set(['common', 'organizations', 'consumers']);
/** Issuer hosts whose tokens come from a token endpoint on another host. */
const ISSUER_FAMILIES: Record<string, readonly string[]> = {
  'accounts.google.com': ['oauth2.googleapis.com', 'www.googleapis.com', 'accounts.google.com'],
  'securetoken.google.com': ['securetoken.googleapis.com', 'identitytoolkit.googleapis.com'],
};

/**
 * Whether the token endpoint at `endpointUrl` is the issuer's: same origin with the issuer's path
 * as a prefix (Keycloak's realm, Okta's authorization server, an Auth0 tenant), Entra's tenant
 * across its hosts, Google's and Firebase's issuers on their API hosts, Cognito's regional host.
 */
export function issuerServes(issuer: string, endpointUrl: string): boolean {
  let iss: URL;
  let endpoint: URL;
  try {
    iss = new URL(/^https?:\/\//i.test(issuer) ? issuer : `https://${issuer}`);
    endpoint = new URL(endpointUrl);
  } catch {
    return false;
  }
  if (MICROSOFT.has(iss.hostname) && MICROSOFT.has(endpoint.hostname)) {
    const issTenant = firstSegment(iss.pathname);
    const endpointTenant = firstSegment(endpoint.pathname);
    return issTenant === endpointTenant || MICROSOFT_SHARED_TENANTS.has(endpointTenant);
  }
  if (ISSUER_FAMILIES[iss.hostname]?.includes(endpoint.hostname)) return true;
  // Cognito: the issuer is the user pool on the regional host the API calls go to.
  if (iss.hostname.startsWith('cognito-idp.') && iss.hostname === endpoint.hostname) return true;
  if (iss.origin !== endpoint.origin) return false;
  const prefix = iss.pathname.replace(/\/+$/, '');
  return endpoint.pathname === prefix || endpoint.pathname.startsWith(`${prefix}/`);
}

function firstSegment(path: string): string {
  return (path.split('/')[1] ?? '').toLowerCase();
}

function withoutQuery(url: string): string {
  const cut = url.search(/[?#]/);
  return cut === -1 ? url : url.slice(0, cut);
}
