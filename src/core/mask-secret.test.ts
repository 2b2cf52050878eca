import { describe, expect, it } from 'vitest';
import { fingerprint } from './fingerprint.ts';
import { maskSecret } from './mask-secret.ts';

describe('maskSecret', () => {
  it('keeps only the kind prefix, the last four characters and the length', () => {
    const token = 'ghp_abcdefghijklmnopqrstuvwxyz0123456789';
    const masked = maskSecret(token);
    expect(masked).toBe('ghp_••••••6789 (40 chars)');
    expect(masked).not.toContain('abcdef');
  });

  it('hides short secrets entirely', () => {
    expect(maskSecret('hunter2')).toBe('•••••••');
  });
});

describe('fingerprint', () => {
  it('is stable, 16 hex digits, and differs for different tokens', () => {
    expect(fingerprint('token-a')).toMatch(/^[0-9a-f]{16}$/);
    expect(fingerprint('token-a')).toBe(fingerprint('token-a'));
    expect(fingerprint('token-a')).not.toBe(fingerprint('token-b'));
  });
});
