import type { CredentialDetails, IdentifiedToken } from './credential.ts';

/**
 * Azure SAS: a Storage query string (sv, st, se, sr, sp, sig; learn.microsoft.com "Create a service
 * SAS") or a Service Bus / Event Hubs `SharedAccessSignature sr=&sig=&se=&skn=` (se in Unix seconds).
 * Always answers 'azure-sas', noting what is missing, because the caller already knows it is one.
 */
export function readAzureSas(value: string): IdentifiedToken {
  const prefixed = /^\s*SharedAccessSignature\s+/i.exec(value);
  const query = (prefixed ? value.slice(prefixed[0].length) : value).trim().replace(/^\?/, '');
  const raw = new Map<string, string>();
  for (const pair of query.split('&')) {
    const eq = pair.indexOf('=');
    if (eq > 0 && !raw.has(pair.slice(0, eq))) raw.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
  const param = (name: string) => {
    const text = raw.get(name);
    return text === undefined ? undefined : safeDecode(text);
  };
  const notes: string[] = [];
  const sig = raw.get('sig');
  if (sig === undefined) notes.push('no sig parameter');
  else if (sig === '') notes.push('sig is empty');
  // A raw "+" in a query is read as a space: the base64 signature then no longer matches.
  else if (sig.includes('+'))
    notes.push('sig contains a raw "+" that servers read as a space: encode it as %2B');
  if (raw.get('se') === undefined) notes.push('no se (expiry) parameter');
  if (prefixed && raw.get('skn') === undefined) notes.push('no skn (key name) parameter');
  const details: CredentialDetails = {};
  const start = sasTime('st', param('st'), notes);
  const expiry = sasTime('se', param('se'), notes);
  if (start !== undefined) details.sasStart = start;
  if (expiry !== undefined) details.sasExpiry = expiry;
  const resource = param('sr');
  if (resource !== undefined) details.sasResource = resource;
  if (notes.length) details.shapeNotes = notes;
  const words = [
    prefixed ? `key ${param('skn') ?? '?'}` : undefined,
    param('sp') === undefined ? undefined : `permissions ${param('sp')}`,
    expiry === undefined ? undefined : `expires ${new Date(expiry).toISOString()}`,
  ].filter((word) => word !== undefined);
  const name = prefixed ? 'Azure SharedAccessSignature' : 'Azure shared access signature (SAS)';
  return { kind: 'azure-sas', description: words.length ? `${name}, ${words.join(', ')}` : name, details };
}

/** st/se: ISO 8601 UTC for Storage, Unix seconds for Service Bus. */
function sasTime(name: string, value: string | undefined, notes: string[]): number | undefined {
  if (value === undefined) return undefined;
  if (/^\d{1,12}$/.test(value)) return Number(value) * 1000;
  const iso = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?(Z)?)?$/.exec(value);
  // Azure reads SAS times as UTC; a time without "Z" would be local time to Date.parse.
  const ms = iso ? Date.parse(iso[0].includes('T') && !iso[1] ? `${value}Z` : value) : Number.NaN;
  if (Number.isNaN(ms)) {
    notes.push(`${name} is not a date: "${value.slice(0, 40)}"`);
    return undefined;
  }
  return ms;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replaceAll('+', ' '));
  } catch {
    return text;
  }
}
