import { describe, expect, it } from 'vitest';
import { mintJwt, segment } from '../../../test/mint-jwt.ts';
import { MAX_TOKEN_LENGTH } from './identify-token.ts';
import { fake, identify, notes } from './identify-token-test-helpers.ts';

describe('identifyToken: JWT and JWE', () => {
  it('names a signed JWT with its alg', () => {
    expect(identify(mintJwt({ sub: 'u1' }))).toEqual({
      kind: 'jwt',
      description: 'JWT (HS256)',
      details: {},
    });
  });

  it('says when a JWT is unsigned (alg none, empty signature)', () => {
    const token = `${segment({ alg: 'none' })}.${segment({ sub: 'x' })}.`;
    expect(identify(token).description).toBe('JWT (unsigned, alg none)');
  });

  it('recognises a JWE by its five parts and enc header', () => {
    const token = `${segment({ alg: 'RSA-OAEP', enc: 'A256GCM' })}.${fake(40)}.${fake(16)}.${fake(30)}.${fake(22)}`;
    expect(identify(token)).toMatchObject({ kind: 'jwe', description: 'JWE (encrypted, RSA-OAEP, A256GCM)' });
  });

  it('notes a five-part token whose header has no enc', () => {
    const token = `${segment({ alg: 'RSA-OAEP' })}.a.b.c.d`;
    expect(identify(token)).toMatchObject({
      kind: 'jwe',
      details: { shapeNotes: ['5 parts but no enc in the header'] },
    });
  });

  it('keeps a truncated JWT a JWT and says why it does not decode', () => {
    const token = mintJwt({ sub: 'u1' });
    const cut = `${token.slice(0, token.indexOf('.') + 6)}.sig`;
    const result = identify(cut);
    expect(result.kind).toBe('jwt');
    expect(result.description).toBe('JWT-shaped, does not decode');
    expect(result.details.shapeNotes?.[0]).toMatch(/payload/);
  });

  it('recognises a JWT sent with a trailing newline and says so', () => {
    const result = identify(`${mintJwt({ sub: 'u1' })}\n`);
    expect(result.kind).toBe('jwt');
    expect(result.details.shapeNotes).toEqual(['contains white space (at the end)', 'contains a line break']);
  });
});

describe('identifyToken: opaque values and shape notes', () => {
  it('describes an unrecognised value by its length', () => {
    expect(identify(fake(32))).toEqual({
      kind: 'opaque',
      description: 'opaque token, 32 characters',
      details: {},
    });
  });

  it('notes an empty value', () => {
    expect(notes('')).toEqual(['empty value']);
  });

  it('notes white space at the start, at the end and inside', () => {
    expect(notes(` ${fake(8)} ${fake(8)} `)).toEqual([
      'contains white space (at the start, at the end, inside)',
    ]);
  });

  it('notes quotes around the value and still recognises it', () => {
    const result = identify(`"ghp_${fake(36)}"`);
    expect(result.kind).toBe('github-token');
    expect(result.details.shapeNotes).toEqual(['wrapped in quotes']);
  });

  it('notes typographic quotes pasted from a document', () => {
    expect(notes(`\u201C${fake(20)}\u201D`)).toEqual([
      'wrapped in quotes',
      'contains 2 non-ASCII or control characters (first U+201C)',
    ]);
  });

  it('notes quote characters inside a value', () => {
    expect(notes(`abc"def`)).toEqual(['contains quote characters']);
  });

  it.each([
    ['\u200B', 'contains invisible U+200B (zero-width character)'],
    ['\u200F', 'contains invisible U+200F (direction mark)'],
    ['\u202E', 'contains invisible U+202E (bidi control)'],
    ['\u2067', 'contains invisible U+2067 (bidi isolate)'],
    ['\uFEFF', 'contains invisible U+FEFF (byte order mark)'],
  ])('notes the invisible character %j and sees through it', (char, note) => {
    const result = identify(`${char}xoxb-1-${fake(24)}${char}`);
    expect(result.kind).toBe('slack-token');
    expect(result.details.shapeNotes).toEqual([note]);
  });

  it('notes other non-ASCII and control characters once, with the first one', () => {
    expect(notes(`caf\u00e9\u0000${fake(10)}\u00e9`)).toEqual([
      'contains 3 non-ASCII or control characters (first U+00E9)',
    ]);
  });

  it('leaves values over 64 KiB unparsed', () => {
    const result = identify(`eyJ${'a'.repeat(MAX_TOKEN_LENGTH)}`);
    expect(result.kind).toBe('opaque');
    expect(result.details.shapeNotes).toEqual([
      `${MAX_TOKEN_LENGTH + 3} characters: too long to inspect, not parsed`,
    ]);
  });

  it('treats a placeholder as opaque (find-credentials flags it)', () => {
    expect(identify('undefined').kind).toBe('opaque');
  });

  it('copes with many nested quotes without deep recursion', () => {
    expect(identify(`${'"'.repeat(30_000)}x${'"'.repeat(30_000)}`).kind).toBe('opaque');
  });
});
