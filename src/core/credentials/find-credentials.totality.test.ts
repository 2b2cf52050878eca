import { describe, expect, it } from 'vitest';
import { mintJwt, segment } from '../../../test/mint-jwt.ts';
import type { HeaderEntry } from '../exchange.ts';
import { parseSigV4Authorization, readPresignedUrl } from './aws-sigv4.ts';
import { readBasic } from './basic.ts';
import type { CredentialKind } from './credential.ts';
import { checkDpopProof, readDpopProof } from './dpop-proof.ts';
import { findCredentials } from './find-credentials.ts';
import { KEY_ID, SIGNATURE } from './find-credentials-test-helpers.ts';
import { identifyToken } from './identify-token.ts';

/** Deterministic PRNG (mulberry32) so the totality run is reproducible. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('totality', () => {
  // Fragments of real shapes and troublemakers (bad escapes, a lone surrogate, invisible characters).
  const PIECES = [
    segment({ alg: 'ES256', typ: 'dpop+jwt' }),
    ...'eyJ|ghp_|github_pat_|xoxe.xoxb-|xapp-|sk_live_|AIza|ya29.|AKIA|ASIA|A3T|SharedAccessSignature |sig=|&se=|st=|?|X-Amz-Credential=|X-Amz-Date=|Credential=|, SignedHeaders=|Signature=|Basic |Bearer |.|..|/|:|=|%|%ZZ|%ED%A0%80|+| |\n|"|\u200B|\u202E|\uFEFF|\uD83D|é|MTIzNDU2Nzg5MDEyMzQ1Njc4'.split(
      '|',
    ),
  ];
  const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_+/=';
  const KINDS = new Set<CredentialKind>([
    'jwt',
    'jwe',
    'basic',
    'aws-sigv4',
    'aws-presigned-url',
    'aws-session-token',
    'aws-access-key-id',
    'dpop-proof',
    'discord-bot-token',
    'github-token',
    'slack-token',
    'stripe-key',
    'google-oauth-token',
    'google-api-key',
    'azure-sas',
    'api-key',
    'opaque',
  ]);
  const NAMES = 'authorization proxy-authorization x-amz-security-token dpop x-api-key x-csrf-token'.split(
    ' ',
  );

  function randomValue(next: () => number): string {
    let value = '';
    const parts = Math.floor(next() * 12);
    for (let i = 0; i < parts; i++) {
      value +=
        next() < 0.4
          ? (PIECES[Math.floor(next() * PIECES.length)] ?? '')
          : ALPHABET.slice(Math.floor(next() * 60)).slice(0, Math.floor(next() * 40));
    }
    return value;
  }

  /** Valid values with a few characters deleted, replaced or inserted: the parsers' deeper paths. */
  const SEEDS = [
    mintJwt({ sub: 'u1', iat: 1 }, { typ: 'dpop+jwt', jwk: { kty: 'EC' } }),
    `${Buffer.from('123456789012345678').toString('base64url')}.F4aBcQ.${'Hm4c'.repeat(7)}`,
    `AWS4-HMAC-SHA256 Credential=${KEY_ID}/20250601/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=${SIGNATURE}`,
    `https://b.example/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${KEY_ID}%2F20250601%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20250601T000000Z&X-Amz-Expires=900`,
    'SharedAccessSignature sr=sb%3A%2F%2Fns%2Fq&sig=c2ln&se=1748736000&skn=send',
    Buffer.from('alice:pw:1').toString('base64'),
  ];
  function mutate(value: string, next: () => number): string {
    let out = value;
    for (let edits = 1 + Math.floor(next() * 3); edits > 0; edits--) {
      const at = Math.floor(next() * (out.length + 1));
      const piece = PIECES[Math.floor(next() * PIECES.length)] ?? '';
      const cut = Math.floor(next() * 4);
      out = `${out.slice(0, at)}${next() < 0.5 ? piece : ''}${out.slice(at + cut)}`;
    }
    return out;
  }

  it('2,000 random strings through identifyToken and findCredentials never throw', () => {
    const next = rng(20_250_601);
    for (let i = 0; i < 2000; i++) {
      const value = i % 2 ? randomValue(next) : mutate(SEEDS[i % SEEDS.length] ?? '', next);
      const identified = identifyToken(value);
      expect(KINDS.has(identified.kind)).toBe(true);
      expect(typeof identified.description).toBe('string');
      const headers: HeaderEntry[] = [{ name: NAMES[i % NAMES.length] ?? 'authorization', value }];
      const url = `https://h.example/p?${randomValue(next)}`;
      for (const credential of findCredentials({ url, headers }))
        expect(KINDS.has(credential.kind)).toBe(true);
      readBasic(value);
      parseSigV4Authorization(value, randomValue(next));
      readPresignedUrl(value);
      readDpopProof(value);
      checkDpopProof(value, { method: 'GET', url: value, sentAt: i });
    }
  });

  it('stays fast on 64 KiB of hostile input', () => {
    const hostile = ['=', ' ', '"', '\u200B', 'a.', '&sig=', ','].map((piece) =>
      piece.repeat(65_536 / piece.length),
    );
    const started = performance.now();
    for (const value of hostile) {
      identifyToken(value);
      findCredentials({ url: `https://h.example/?${value}`, headers: [{ name: 'authorization', value }] });
      parseSigV4Authorization(value);
      readBasic(value);
    }
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
