/**
 * The user's settings: typed, with defaults, kept in `storage.sync` under one key. storage.sync is
 * shared with the user's other browsers and with other versions of the extension, so what it holds
 * is checked field by field when read: a field that does not check out falls back to its default,
 * and reading never throws. No browser API here (settings-store.ts binds it to storage.sync), so
 * all of this runs in Node tests.
 */

export interface Settings {
  /** Response statuses that count as an authentication failure. */
  readonly watchedStatuses: readonly number[];
  /** Request headers, beyond the built-in ones, whose value is a credential; lower-case. */
  readonly extraCredentialHeaders: readonly string[];
  /** Hosts whose requests are never recorded: `api.example.com`, or `*.example.com` (see hostIsIgnored). */
  readonly ignoredHosts: readonly string[];
  /** How far apart the token's times, our clock and the server's may be before it counts as skew. */
  readonly skewToleranceSeconds: number;
  /** Exchanges kept per tab; the oldest go first. */
  readonly historyPerTab: number;
  /** Whether the page-world observer reads (a copy of) failed responses' bodies. */
  readonly readResponseBodies: boolean;
}

export type SettingName = keyof Settings;
export type SettingsErrors = Partial<Record<SettingName, string>>;
export type FieldResult<T> = { ok: true; value: T } | { ok: false; error: string };

export const SETTINGS_KEY = 'settings';

export const SETTINGS_LIMITS = {
  status: { min: 100, max: 599 },
  extraCredentialHeaders: { count: 20, chars: 64 },
  // 253: the longest DNS name (RFC 1035 §2.3.4), plus the `*.` of a wildcard.
  ignoredHosts: { count: 100, chars: 255 },
  skewToleranceSeconds: { min: 0, max: 3600 },
  historyPerTab: { min: 20, max: 1000 },
  // chrome.storage.sync.QUOTA_BYTES_PER_ITEM, the same in Firefox: the key plus the JSON of the value.
  syncItemBytes: 8192,
} as const;

export const DEFAULT_SETTINGS: Settings = Object.freeze({
  watchedStatuses: Object.freeze([401, 403, 419, 440, 498]),
  extraCredentialHeaders: Object.freeze([]),
  ignoredHosts: Object.freeze([]),
  skewToleranceSeconds: 60,
  historyPerTab: 200,
  readResponseBodies: true,
});

export const SETTING_NAMES = Object.keys(DEFAULT_SETTINGS) as SettingName[];

/** One check per field. The messages are shown next to the options page's fields. */
export const CHECK_SETTING: { [K in SettingName]: (value: unknown) => FieldResult<Settings[K]> } = {
  watchedStatuses: checkStatuses,
  extraCredentialHeaders: checkHeaderNames,
  ignoredHosts: checkHostPatterns,
  skewToleranceSeconds: (value) => checkWholeNumber(value, SETTINGS_LIMITS.skewToleranceSeconds),
  historyPerTab: (value) => checkWholeNumber(value, SETTINGS_LIMITS.historyPerTab),
  readResponseBodies: (value) =>
    typeof value === 'boolean' ? { ok: true, value } : { ok: false, error: 'Choose on or off.' },
};

/** What is stored, made safe to use: every field valid, invalid ones replaced by their default. */
export function parseSettings(value: unknown): Settings {
  if (!isRecord(value)) return DEFAULT_SETTINGS;
  const read = <K extends SettingName>(name: K): Settings[K] => {
    try {
      // Own properties only: a stored `__proto__` or `constructor` key is just data.
      const result = CHECK_SETTING[name](Object.hasOwn(value, name) ? value[name] : undefined);
      return result.ok ? result.value : DEFAULT_SETTINGS[name];
    } catch {
      // Only a hostile object (a throwing getter or proxy) gets here; storage yields plain JSON.
      return DEFAULT_SETTINGS[name];
    }
  };
  return {
    watchedStatuses: read('watchedStatuses'),
    extraCredentialHeaders: read('extraCredentialHeaders'),
    ignoredHosts: read('ignoredHosts'),
    skewToleranceSeconds: read('skewToleranceSeconds'),
    historyPerTab: read('historyPerTab'),
    readResponseBodies: read('readResponseBodies'),
  };
}

/** Strict: every field must check out and the whole must fit one storage.sync item. For saving. */
export function validateSettings(
  candidate: { readonly [K in SettingName]: unknown },
): { ok: true; settings: Settings } | { ok: false; errors: SettingsErrors } {
  const errors: SettingsErrors = {};
  const values: Partial<Record<SettingName, unknown>> = {};
  for (const name of SETTING_NAMES) {
    const result: FieldResult<unknown> = CHECK_SETTING[name](candidate[name]);
    if (result.ok) values[name] = result.value;
    else errors[name] = result.error;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const settings = values as Settings;
  const bytes = syncBytes(settings);
  if (bytes > SETTINGS_LIMITS.syncItemBytes) {
    // The host list is the only one long enough to break the quota on its own.
    return {
      ok: false,
      errors: {
        ignoredHosts: `The settings are too big to sync (${bytes} of ${SETTINGS_LIMITS.syncItemBytes} bytes). Remove some hosts, or cover several with one *. wildcard.`,
      },
    };
  }
  return { ok: true, settings };
}

/** The size storage.sync charges for the settings item. */
export function syncBytes(settings: Settings): number {
  return new TextEncoder().encode(SETTINGS_KEY + JSON.stringify(settings)).length;
}

/**
 * Whether a request to `host` (a URL's `hostname`) is ignored. `api.example.com` matches that
 * host only; `*.example.com` matches example.com and every subdomain, as in extension match patterns.
 */
export function hostIsIgnored(host: string, patterns: readonly string[]): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  if (name === '') return false;
  return patterns.some((pattern) => {
    if (!pattern.startsWith('*.')) return name === pattern;
    const base = pattern.slice(2);
    return name === base || name.endsWith(`.${base}`);
  });
}

/** The storage area settings live in: storage.sync in the extension, a Map in tests. */
export interface SettingsArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

/** The stored settings; the defaults when nothing is stored or the area cannot be read. */
export async function loadSettings(area: Pick<SettingsArea, 'get'>): Promise<Settings> {
  try {
    const items: unknown = await area.get(SETTINGS_KEY);
    return parseSettings(
      isRecord(items) && Object.hasOwn(items, SETTINGS_KEY) ? items[SETTINGS_KEY] : undefined,
    );
  } catch {
    // Sync storage can be unavailable (disabled by policy, quota errors); the extension still works.
    return DEFAULT_SETTINGS;
  }
}

/** Writes valid settings and returns what was stored; rejects with SettingsError otherwise. */
export async function saveSettings(area: Pick<SettingsArea, 'set'>, settings: Settings): Promise<Settings> {
  const result = validateSettings(settings);
  if (!result.ok) throw new SettingsError(result.errors);
  await area.set({ [SETTINGS_KEY]: result.settings });
  return result.settings;
}

export class SettingsError extends Error {
  constructor(readonly errors: SettingsErrors) {
    super(`Invalid settings: ${Object.keys(errors).join(', ')}`);
    this.name = 'SettingsError';
  }
}

/** The new settings carried by a `storage.onChanged` event, or undefined when they did not change. */
export function settingsFromChange(
  changes: Record<string, { newValue?: unknown } | undefined>,
  areaName: string,
): Settings | undefined {
  if (areaName !== 'sync' || !Object.hasOwn(changes, SETTINGS_KEY)) return undefined;
  // A removed item (storage.sync.clear()) means the defaults again.
  return parseSettings(changes[SETTINGS_KEY]?.newValue);
}

function checkStatuses(value: unknown): FieldResult<readonly number[]> {
  const { min, max } = SETTINGS_LIMITS.status;
  if (!Array.isArray(value)) return { ok: false, error: 'Expected a list of status codes.' };
  if (value.length === 0) return { ok: false, error: 'Enter at least one status code, such as 401.' };
  // Every code from 100 to 599 at most once each; a longer list is not a list of statuses.
  if (value.length > max - min + 1) return { ok: false, error: 'Too many status codes.' };
  for (const entry of value) {
    if (typeof entry !== 'number' || !Number.isInteger(entry)) {
      return {
        ok: false,
        error: `${quote(entry)} is not a status code: use whole numbers from ${min} to ${max}.`,
      };
    }
    if (entry < min || entry > max) {
      return { ok: false, error: `${entry} is not a status code: use numbers from ${min} to ${max}.` };
    }
  }
  return { ok: true, value: [...new Set(value as number[])].sort((a, b) => a - b) };
}

// RFC 9110 §5.1: a field name is a token (tchar); lower-case because HTTP/2 and webRequest use it.
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9a-z-]+$/;

function checkHeaderNames(value: unknown): FieldResult<readonly string[]> {
  const { count, chars } = SETTINGS_LIMITS.extraCredentialHeaders;
  const list = checkList(value, count, 'header names');
  if (!list.ok) return list;
  const names: string[] = [];
  for (const entry of list.value) {
    const name = typeof entry === 'string' ? entry.trim().toLowerCase() : '';
    if (name.length > chars) {
      return { ok: false, error: `${quote(entry)} is longer than ${chars} characters.` };
    }
    if (!HEADER_NAME.test(name)) {
      return {
        ok: false,
        error: `${quote(entry)} is not a header name: write only the name (like x-my-token), with no spaces, colon or value.`,
      };
    }
    names.push(name);
  }
  return { ok: true, value: [...new Set(names)] };
}

function checkHostPatterns(value: unknown): FieldResult<readonly string[]> {
  const { count, chars } = SETTINGS_LIMITS.ignoredHosts;
  const list = checkList(value, count, 'hosts');
  if (!list.ok) return list;
  const patterns: string[] = [];
  for (const entry of list.value) {
    const pattern =
      typeof entry === 'string' && entry.length <= chars ? normalizeHostPattern(entry) : undefined;
    if (pattern === undefined) {
      const url = typeof entry === 'string' && /[/:@]/.test(entry);
      return {
        ok: false,
        error: `${quote(entry)} is not a host name: write ${url ? 'only the host, ' : ''}like api.example.com, or *.example.com for a whole domain.`,
      };
    }
    patterns.push(pattern);
  }
  return { ok: true, value: [...new Set(patterns)] };
}

function checkList(value: unknown, count: number, what: string): FieldResult<readonly unknown[]> {
  if (!Array.isArray(value)) return { ok: false, error: `Expected a list of ${what}.` };
  if (value.length > count) {
    return { ok: false, error: `At most ${count} ${what}; this list has ${value.length}.` };
  }
  return { ok: true, value };
}

function checkWholeNumber(value: unknown, { min, max }: { min: number; max: number }): FieldResult<number> {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max
    ? { ok: true, value }
    : { ok: false, error: `Enter a whole number from ${min} to ${max}.` };
}

/** `API.Example.com.` → `api.example.com`; `*.bücher.de` → `*.xn--bcher-kva.de` (what URL.hostname gives). */
export function normalizeHostPattern(text: string): string | undefined {
  const trimmed = text.trim().toLowerCase().replace(/\.$/, '');
  const wildcard = trimmed.startsWith('*.');
  const host = toAsciiHost(wildcard ? trimmed.slice(2) : trimmed);
  if (host === undefined || !(isDnsName(host) || (!wildcard && IPV6.test(host)))) return undefined;
  return wildcard ? `*.${host}` : host;
}

const LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/;
const IPV6 = /^\[[0-9a-f:.]{2,45}\]$/;

function isDnsName(host: string): boolean {
  return host.length <= 253 && host.split('.').every((label) => LABEL.test(label));
}

/** International names as the URL parser spells them (punycode), so they compare with URL.hostname. */
function toAsciiHost(host: string): string | undefined {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the whole ASCII range is meant
  if (/^[\x00-\x7f]*$/.test(host)) return host;
  // Only a bare name goes to the URL parser, which would otherwise read `a/b` or `u@h` as URL parts.
  if (/[\s/\\?#@:%[\]]/.test(host)) return undefined;
  try {
    const ascii = new URL(`http://${host}`).hostname;
    return /^[a-z0-9._-]+$/.test(ascii) ? ascii : undefined;
  } catch {
    return undefined;
  }
}

function quote(value: unknown): string {
  let text: string;
  try {
    text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  } catch {
    // BigInts, cycles and prototype-less objects cannot be printed; their type is enough.
    text = typeof value;
  }
  return `“${text.length > 40 ? `${text.slice(0, 40)}…` : text}”`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
