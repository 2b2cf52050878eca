import { describe, expect, it } from 'vitest';
import { mergeSameKind, parseUtcTime, quote, signal, splitScopes } from './generic.ts';

describe('shared helpers', () => {
  it('quote collapses whitespace and keeps at most 300 characters', () => {
    expect(quote('  a\n\t b  ')).toBe('a b');
    const long = quote('x'.repeat(1000));
    expect(long).toHaveLength(300);
    expect(long.endsWith('…')).toBe(true);
  });

  it('quote starts near a statement deep in a long text', () => {
    const text = `${'filler '.repeat(100)}jwt expired${' tail'.repeat(100)}`;
    const q = quote(text, text.indexOf('jwt expired'));
    expect(q.startsWith('…')).toBe(true);
    expect(q).toContain('jwt expired');
    expect(q.length).toBeLessThanOrEqual(300);
  });

  it('signal omits empty fields', () => {
    expect(
      signal({
        family: 'f',
        kind: 'invalid',
        message: 'm',
        where: 'response-body',
        code: '',
        details: { uri: undefined, requiredScopes: [] },
      }),
    ).toEqual({
      family: 'f',
      kind: 'invalid',
      message: 'm',
      where: 'response-body',
    });
  });

  it('mergeSameKind keeps the sentence, the first code and all details', () => {
    const merged = mergeSameKind([
      signal({ family: 'f', kind: 'expired', message: 'ERR_X', code: 'ERR_X', where: 'response-body' }),
      signal({
        family: 'f',
        kind: 'expired',
        message: 'it expired',
        where: 'response-body',
        details: { uri: 'u' },
      }),
      signal({ family: 'g', kind: 'expired', message: 'other family', where: 'response-body' }),
    ]);
    expect(merged).toEqual([
      {
        family: 'f',
        kind: 'expired',
        message: 'it expired',
        code: 'ERR_X',
        where: 'response-body',
        details: { uri: 'u' },
      },
      { family: 'g', kind: 'expired', message: 'other family', where: 'response-body' },
    ]);
  });

  it('parseUtcTime reads AWS compact, ISO and HTTP dates, and refuses zoneless times', () => {
    expect(parseUtcTime('20151221T200419Z')).toBe(Date.UTC(2015, 11, 21, 20, 4, 19));
    expect(parseUtcTime('2019-11-02T15:56:35Z')).toBe(Date.UTC(2019, 10, 2, 15, 56, 35));
    expect(parseUtcTime('Sat, 02 Nov 2019 15:30:31 GMT')).toBe(Date.UTC(2019, 10, 2, 15, 30, 31));
    expect(parseUtcTime('2019-11-02T15:56:35')).toBeUndefined();
    expect(parseUtcTime('soon')).toBeUndefined();
    expect(parseUtcTime(undefined)).toBeUndefined();
  });

  it('splitScopes reads space- and comma-separated lists', () => {
    expect(splitScopes('openid  profile')).toEqual(['openid', 'profile']);
    expect(splitScopes('repo, user,gist')).toEqual(['repo', 'user', 'gist']);
    expect(splitScopes(undefined)).toEqual([]);
  });
});
