import { describe, expect, it } from 'vitest';
import { decodeEntities, get, hasErrorShape, isFailure, readBody, str } from './generic-body.ts';
import { response } from './signal-test-helpers.ts';

const view = (body: object | string | undefined, status = 401) => readBody(response({ status, body }));

describe('readBody', () => {
  it('collects the string values of complete JSON, not its keys', () => {
    const b = view({ error: { code: 498, message: 'Invalid Token', details: ['a', { deep: 'b' }] } });
    expect(b.json).toEqual({ error: { code: 498, message: 'Invalid Token', details: ['a', { deep: 'b' }] } });
    expect(b.segments).toEqual(['Invalid Token', 'a', 'b']);
  });

  it('reads the string values of truncated JSON, unescaped', () => {
    const b = view(
      '{"error":"invalid_token","error_description":"The \\"exp\\" claim is in the past","more":"cut off her',
    );
    expect(b.json).toBeUndefined();
    expect(b.segments).toEqual(['invalid_token', 'The "exp" claim is in the past', 'cut off her']);
  });

  it('reads HTML as text lines with tags removed and entities decoded', () => {
    const b = view(
      '<html><body><h2>Can&#39;t verify&nbsp;CSRF token</h2><pre>\n  reason &amp; more\n</pre></body></html>',
    );
    expect(b.segments).toEqual(["Can't verify CSRF token", 'reason & more']);
  });

  it('reads at most 16 KiB', () => {
    const b = view(`${'a'.repeat(20_000)}`);
    expect(b.text).toHaveLength(16 * 1024);
  });

  it('handles a missing body', () => {
    expect(view(undefined)).toEqual({ text: '', json: undefined, segments: [] });
  });

  it('decodeEntities leaves unknown and out-of-range entities alone', () => {
    expect(decodeEntities('&#x27;&#39;&quot;&bogus;&#99999999;')).toBe("''\"&bogus;&#99999999;");
  });
});

describe('JSON access', () => {
  it('get reads own properties only', () => {
    const json = JSON.parse('{"__proto__":{"polluted":true},"a":1}') as unknown;
    expect(get(json, 'a')).toBe(1);
    expect(get(json, 'constructor')).toBeUndefined();
    expect(get(json, 'toString')).toBeUndefined();
    expect(get(['x'], '0')).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('str accepts strings and finite numbers', () => {
    expect(str('a')).toBe('a');
    expect(str(498)).toBe('498');
    expect(str(Number.NaN)).toBeUndefined();
    expect(str({})).toBeUndefined();
  });
});

describe('error shapes', () => {
  it('recognises error-shaped bodies', () => {
    for (const body of [
      { error: 'x' },
      { errors: [{ message: 'x' }] },
      { ok: false },
      { success: false },
      { status: 401 },
      { errorCode: 'E0000011' },
    ]) {
      expect(hasErrorShape(view(body, 200))).toBe(true);
    }
  });

  it('does not count empty or false error fields, or plain pages', () => {
    for (const body of [
      { error: null },
      { error: false },
      { errors: [] },
      { data: 1 },
      '<p>hello</p>',
      [1, 2],
    ]) {
      expect(hasErrorShape(view(body, 200))).toBe(false);
    }
  });

  it('recognises the error field in truncated JSON', () => {
    expect(hasErrorShape(view('{"error" : {"message":"cut', 200))).toBe(true);
  });

  it('isFailure: any error status, or an error shape on a success', () => {
    expect(isFailure(response({ status: 500 }), view('x', 500))).toBe(true);
    expect(isFailure(response({ status: 200 }), view({ ok: false }, 200))).toBe(true);
    expect(isFailure(response({ status: 200 }), view('fine', 200))).toBe(false);
  });
});
