import { isCredentialHeader } from '../credential-headers.ts';
import { bareToken, isPlaceholderValue, parseAuthorization } from '../credentials/parse-authorization.ts';
import type { Exchange } from '../exchange.ts';
import { percentEncode } from './percent-encode.ts';
import { decodeBase64Text, isSecretUser } from './redact-authorization.ts';
import { urlSecrets } from './redact-url.ts';

/**
 * Every secret string a request carried, for redactText to hunt down in text the server or the
 * engine produced: the credentials as identified, and the parts a server may echo on their own
 * (a Basic password, a SigV4 signature, cookie values, URL parameters), each also as it looks
 * JSON-escaped and percent-encoded, since error bodies quote them in those forms.
 */
export function requestSecrets(
  exchange: Exchange,
  credentials: readonly { value: string }[] = [],
  extraUrls: readonly string[] = [],
): string[] {
  const found = new Set<string>();
  const add = (value: string) => {
    const secret = value.trim();
    if (secret.length < 8 || (secret.length <= 40 && isPlaceholderValue(secret))) return;
    found.add(secret);
    found.add(JSON.stringify(secret).slice(1, -1));
    found.add(secret.replaceAll('/', '\\/'));
    found.add(percentEncode(secret));
  };
  for (const credential of credentials) add(credential.value);
  const dropped = exchange.redirectedFrom?.credential;
  for (const { name, value } of dropped ? [...exchange.requestHeaders, dropped] : exchange.requestHeaders) {
    const key = name.toLowerCase();
    if (key === 'authorization' || key === 'proxy-authorization') authorizationSecrets(value).forEach(add);
    else if (key === 'cookie') cookieValues(value).forEach(add);
    else if (isCredentialHeader(key)) add(value);
  }
  for (const url of [exchange.url, exchange.redirectedFrom?.url ?? '', ...extraUrls])
    urlSecrets(url).forEach(add);
  return [...found];
}

function authorizationSecrets(value: string): string[] {
  const parsed = parseAuthorization(value);
  const token = bareToken(parsed);
  const secrets = [token];
  if (parsed.schemeKey === 'basic') {
    const pair = decodeBase64Text(token) ?? token;
    const colon = pair.indexOf(':');
    if (colon !== -1) {
      const user = pair.slice(0, colon);
      const password = pair.slice(colon + 1);
      secrets.push(pair, password);
      if (isSecretUser(user, password)) secrets.push(user);
    }
  } else if (parsed.schemeKey === 'aws4-hmac-sha256') {
    const signature = /(?:^|[\s,])Signature=([^\s,]+)/i.exec(parsed.credentials)?.[1];
    if (signature) secrets.push(signature);
  }
  return secrets;
}

function cookieValues(header: string): string[] {
  return header.split(';').map((pair) => pair.slice(pair.indexOf('=') + 1));
}
