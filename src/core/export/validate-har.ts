/**
 * A structural validator for HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/), for tests:
 * required fields present with the right types, optional ones typed when present, unknown fields
 * only when they start with `_` (the spec's rule for custom fields), timings non-negative except the
 * optional ones that use -1 for "not applicable", `time` equal to the sum of the timings, and every
 * `pageref` naming a page. Written here instead of using `har-validator`, which is unmaintained and
 * pulls in ajv 6. Returns the problems found, each with its JSON path; none means valid.
 */
type Check = (value: unknown, path: string, errors: string[]) => void;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const typed =
  (what: string, test: (value: unknown) => boolean): Check =>
  (value, path, errors) => {
    if (!test(value)) errors.push(`${path}: expected ${what}, got ${JSON.stringify(value)}`);
  };

const str = typed('string', (v) => typeof v === 'string');
const bool = typed('boolean', (v) => typeof v === 'boolean');
const int = typed('integer', (v) => Number.isInteger(v));
const sizeOrUnknown = typed('integer >= -1', (v) => Number.isInteger(v) && Number(v) >= -1);
const duration = typed('number >= 0', (v) => typeof v === 'number' && Number.isFinite(v) && v >= 0);
const optionalTiming = typed('number >= 0 or -1', (v) => typeof v === 'number' && (v >= 0 || v === -1));
/** ISO 8601 with a time zone (HAR 1.2 §pages.startedDateTime). */
const dateTime = typed(
  'ISO 8601 date-time',
  (v) => typeof v === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(v),
);

function obj(required: Record<string, Check>, optional: Record<string, Check> = {}): Check {
  const all: Record<string, Check> = { ...optional, comment: str, ...required };
  return (value, path, errors) => {
    if (!isRecord(value)) {
      errors.push(`${path}: expected object`);
      return;
    }
    for (const key of Object.keys(required)) if (!(key in value)) errors.push(`${path}.${key}: missing`);
    for (const [key, item] of Object.entries(value)) {
      const check = all[key];
      if (check) check(item, `${path}.${key}`, errors);
      else if (!key.startsWith('_'))
        errors.push(`${path}.${key}: unknown field (custom fields start with _)`);
    }
  };
}

const arr =
  (item: Check): Check =>
  (value, path, errors) => {
    if (!Array.isArray(value)) errors.push(`${path}: expected array`);
    else
      value.forEach((element, index) => {
        item(element, `${path}[${index}]`, errors);
      });
  };

const nameValue = obj({ name: str, value: str });
const cookie = obj(
  { name: str, value: str },
  { path: str, domain: str, expires: str, httpOnly: bool, secure: bool },
);
const timings = obj(
  { send: duration, wait: duration, receive: duration },
  { blocked: optionalTiming, dns: optionalTiming, connect: optionalTiming, ssl: optionalTiming },
);
const request = obj(
  {
    method: str,
    url: str,
    httpVersion: str,
    cookies: arr(cookie),
    headers: arr(nameValue),
    queryString: arr(nameValue),
    headersSize: sizeOrUnknown,
    bodySize: sizeOrUnknown,
  },
  { postData: obj({ mimeType: str }, { params: arr(obj({ name: str })), text: str }) },
);
const response = obj({
  status: int,
  statusText: str,
  httpVersion: str,
  cookies: arr(cookie),
  headers: arr(nameValue),
  content: obj({ size: int, mimeType: str }, { compression: int, text: str, encoding: str }),
  redirectURL: str,
  headersSize: sizeOrUnknown,
  bodySize: sizeOrUnknown,
});
const cacheEntry = obj({ lastAccess: str, eTag: str, hitCount: int }, { expires: str });
const entry = obj(
  {
    startedDateTime: dateTime,
    time: duration,
    request,
    response,
    cache: obj({}, { beforeRequest: cacheEntry, afterRequest: cacheEntry }),
    timings,
  },
  { pageref: str, serverIPAddress: str, connection: str },
);
const page = obj({
  startedDateTime: dateTime,
  id: str,
  title: str,
  pageTimings: obj({}, { onContentLoad: optionalTiming, onLoad: optionalTiming }),
});
const har = obj({
  log: obj(
    { version: str, creator: obj({ name: str, version: str }), entries: arr(entry) },
    { browser: obj({ name: str, version: str }), pages: arr(page) },
  ),
});

const TIMING_PHASES = new Set(['blocked', 'dns', 'connect', 'send', 'wait', 'receive']);

export function validateHar(value: unknown): string[] {
  const errors: string[] = [];
  har(value, '$', errors);
  if (errors.length > 0 || !isRecord(value) || !isRecord(value.log)) return errors;
  const pages = Array.isArray(value.log.pages) ? value.log.pages.filter(isRecord) : [];
  const ids = new Set(pages.map((item) => item.id));
  const entries = Array.isArray(value.log.entries) ? value.log.entries.filter(isRecord) : [];
  entries.forEach((item, index) => {
    if ('pageref' in item && !ids.has(item.pageref))
      errors.push(`$.log.entries[${index}].pageref: no such page`);
    // HAR 1.2 §entries.time: "the sum of all timings available in the timings object" (not counting -1);
    // ssl is left out because §timings.ssl says it is also included in connect.
    const sum = Object.entries(isRecord(item.timings) ? item.timings : {})
      .filter(([key, ms]) => TIMING_PHASES.has(key) && typeof ms === 'number' && ms !== -1)
      .reduce((total, [, ms]) => total + Number(ms), 0);
    if (Math.abs(sum - Number(item.time)) > 1e-6)
      errors.push(`$.log.entries[${index}].time: not the sum of timings`);
  });
  return errors;
}
