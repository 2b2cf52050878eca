import { describe, expect, it } from 'vitest';
import { readBasic } from './basic.ts';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const PASSWORD = 'c0rrect:h0rse:battery';

describe('readBasic', () => {
  it('names the user and never the password', () => {
    const result = readBasic(b64(`alice:${PASSWORD}`));
    expect(result).toEqual({
      kind: 'basic',
      description: 'Basic (user "alice")',
      details: { basicUser: 'alice' },
    });
  });

  it('reads a UTF-8 user name and a password containing ":" (RFC 7617 §2)', () => {
    const result = readBasic(b64(`jürgen-東京:${PASSWORD}`));
    expect(result.details.basicUser).toBe('jürgen-東京');
    const json = JSON.stringify(result);
    for (const piece of PASSWORD.split(':')) expect(json).not.toContain(piece);
  });

  it('tolerates missing padding and says strict servers may not', () => {
    const encoded = b64('bob:pw12345').replace(/=+$/, '');
    expect(encoded.length % 4).not.toBe(0);
    expect(readBasic(encoded)).toMatchObject({
      details: { basicUser: 'bob', shapeNotes: ['base64 padding (=) missing: strict servers reject it'] },
    });
  });

  it('decodes base64url but says Basic needs standard base64', () => {
    const encoded = Buffer.from('??>:~~~pass').toString('base64url');
    expect(encoded).toMatch(/[-_]/);
    expect(readBasic(encoded).details).toMatchObject({ basicUser: '??>' });
    expect(readBasic(encoded).details.shapeNotes?.[0]).toMatch(/base64url/);
  });

  it('notes invalid base64', () => {
    expect(readBasic('not base64!')).toEqual({
      kind: 'basic',
      description: 'Basic (not valid base64)',
      details: { shapeNotes: ['not valid base64 (wrong characters or truncated)'] },
    });
  });

  it('notes a user:password pair sent without encoding, hiding the password', () => {
    const result = readBasic(`alice:${PASSWORD}`);
    expect(result.details.basicUser).toBe('alice');
    expect(result.details.shapeNotes).toContain(
      'user:password sent without base64 encoding (RFC 7617 §2 requires base64)',
    );
    expect(JSON.stringify(result)).not.toContain('h0rse');
  });

  it('notes decoded text without a colon', () => {
    const result = readBasic(b64('just-a-token-value'));
    expect(result.description).toBe('Basic (no user:password inside)');
    expect(result.details.shapeNotes).toEqual([
      'decodes to text without a colon: user:password expected (RFC 7617 §2)',
    ]);
    expect(JSON.stringify(result)).not.toContain('just-a-token');
  });

  it('notes empty user, empty password and placeholders', () => {
    expect(readBasic(b64(':secret-pw')).details.shapeNotes).toEqual(['empty user name']);
    expect(readBasic(b64('alice:')).details.shapeNotes).toEqual(['empty password']);
    expect(readBasic(b64('undefined:undefined')).details.shapeNotes).toEqual([
      'the user name is a placeholder value',
      'the password is a placeholder value',
    ]);
  });

  it('says what kind of token the password is, without showing it', () => {
    const token = `ghs_${'Ab3'.repeat(12)}`;
    const result = readBasic(b64(`x-access-token:${token}`));
    expect(result.details.shapeNotes).toEqual([
      'the password is shaped like this: GitHub installation token (GitHub App, server-to-server)',
    ]);
    expect(JSON.stringify(result)).not.toContain('Ab3Ab3');
  });

  it('masks a user name that is itself an API key (Stripe: key as user, empty password)', () => {
    const key = `sk_test_${'Xy7'.repeat(8)}`;
    const result = readBasic(b64(`${key}:`));
    expect(result.description).toBe('Basic (user name: Stripe secret key (test mode))');
    expect(result.details.basicUser).toBe(`sk_test_••••••7Xy7 (32 chars)`);
    expect(JSON.stringify(result)).not.toContain(key);
  });

  it('reads Latin-1 bytes that are not UTF-8 and says so', () => {
    const encoded = Buffer.from([0x6a, 0xfc, 0x72, 0x67, 0x65, 0x6e, 0x3a, 0x70, 0x77]).toString('base64');
    const result = readBasic(encoded);
    expect(result.details.basicUser).toBe('jürgen');
    expect(result.details.shapeNotes?.[0]).toMatch(/not valid UTF-8/);
  });

  it('reports an empty value', () => {
    expect(readBasic(' ')).toMatchObject({
      description: 'Basic (empty)',
      details: { shapeNotes: ['no credentials after Basic'] },
    });
  });
});
