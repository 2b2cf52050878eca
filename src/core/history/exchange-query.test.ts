import { describe, expect, it } from 'vitest';
import { emptyTerms, parseExchangeQuery, QUERY_LIMITS } from './exchange-query.ts';

describe('parseExchangeQuery', () => {
  it('reads every key, its DevTools aliases, and free text', () => {
    const parsed = parseExchangeQuery(
      'status:401 Status-Code:5xx domain:API.example.com method:post scheme:Bearer cause:token-exp kind:JWT is:failed orders',
    );
    expect(parsed).toEqual({
      ...emptyTerms(),
      status: [401],
      statusClass: [5],
      host: ['api.example.com'],
      method: ['POST'],
      scheme: ['bearer'],
      cause: ['token-exp'],
      kind: ['jwt'],
      is: ['failed'],
      text: ['orders'],
      negated: emptyTerms(),
      errors: [],
    });
  });

  it('negates key terms and text with a leading minus; a lone minus is text', () => {
    const parsed = parseExchangeQuery('-status:4xx -host:*.cdn.net -is:ok -favicon -');
    expect(parsed.negated).toEqual({
      ...emptyTerms(),
      statusClass: [4],
      host: ['*.cdn.net'],
      is: ['ok'],
      text: ['favicon'],
    });
    expect(parsed.text).toEqual(['-']);
  });

  it('groups quoted values and quoted text', () => {
    const parsed = parseExchangeQuery('kind:"access token" -kind:"id token" "expired 1 h"');
    expect(parsed.kind).toEqual(['access token']);
    expect(parsed.negated.kind).toEqual(['id token']);
    expect(parsed.text).toEqual(['expired 1 h']);
    expect(parsed.errors).toEqual([]);
  });

  it('reads an unclosed quote to the end and says so', () => {
    const parsed = parseExchangeQuery('host:"api example');
    expect(parsed.host).toEqual(['api example']);
    expect(parsed.errors).toEqual([expect.stringContaining('quote is not closed')]);
  });

  it('reports an unknown key and searches the term as text', () => {
    const parsed = parseExchangeQuery('larry:page token');
    expect(parsed.text).toEqual(['larry:page', 'token']);
    expect(parsed.errors).toEqual([expect.stringMatching(/^Unknown filter "larry:"/)]);
  });

  it('takes URLs and host:port as text without complaint', () => {
    const parsed = parseExchangeQuery('https://api.example.com/v1 localhost:8080 10:02');
    expect(parsed.text).toEqual(['https://api.example.com/v1', 'localhost:8080', '10:02']);
    expect(parsed.errors).toEqual([]);
  });

  it('reports values it cannot read and leaves them out instead of hiding every row', () => {
    const parsed = parseExchangeQuery('status:40x is:broken cause:nope status: status:401');
    expect(parsed.status).toEqual([401]);
    expect(parsed.statusClass).toEqual([]);
    expect(parsed.is).toEqual([]);
    expect(parsed.cause).toEqual([]);
    expect(parsed.text).toEqual([]);
    expect(parsed.errors).toHaveLength(4);
  });

  it('ignores empty quotes rather than matching everything with them', () => {
    expect(parseExchangeQuery('""  -""').text).toEqual([]);
  });

  it('bounds the work: at most 1,000 characters and 50 terms', () => {
    const long = parseExchangeQuery('a'.repeat(5000));
    expect(long.text).toEqual(['a'.repeat(QUERY_LIMITS.chars)]);
    expect(long.errors).toEqual([expect.stringContaining('1000 characters')]);

    const many = parseExchangeQuery(Array.from({ length: 80 }, (_, index) => `t${index}`).join(' '));
    expect(many.text).toHaveLength(QUERY_LIMITS.tokens);
    expect(many.errors).toEqual([expect.stringContaining('first 50 terms')]);
  });

  it('never throws on hostile input', () => {
    for (const query of [
      '"',
      '-',
      ':',
      '-:',
      'is:',
      '"""',
      '- -',
      'a:"',
      'constructor:x',
      '__proto__:y',
      '\u0000\t\n',
    ]) {
      expect(() => parseExchangeQuery(query)).not.toThrow();
    }
    expect(parseExchangeQuery('constructor:x').text).toEqual(['constructor:x']);
  });
});
