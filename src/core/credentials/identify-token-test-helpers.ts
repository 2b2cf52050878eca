/** Test-only: seeded fake token characters, and identifyToken at a fixed time. */
import { identifyToken } from './identify-token.ts';

// Every token in these tests is built from seeded fake characters: none is, or was, a real secret.
export const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export function fake(length: number, alphabet = BASE62, seed = length): string {
  let state = seed;
  let out = '';
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    out += alphabet[(state >>> 8) % alphabet.length];
  }
  return out;
}
const NOW = Date.UTC(2025, 5, 1);
export const identify = (value: string) => identifyToken(value, NOW);
export const notes = (value: string) => identify(value).details.shapeNotes ?? [];
