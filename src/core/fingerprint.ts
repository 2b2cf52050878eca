/**
 * A short, stable, one-way fingerprint of a credential, so the history can say "the same token
 * worked at 10:02" without keeping the token. 64 bits from two independent 32-bit FNV-1a style
 * lanes: not a cryptographic hash, but a token of any real entropy cannot be recovered from it.
 */
export function fingerprint(secret: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ secret.length;
  for (let index = 0; index < secret.length; index++) {
    const code = secret.charCodeAt(index);
    a = Math.imul(a ^ code, 0x01000193);
    b = Math.imul(b ^ code, 0x5bd1e995);
    b ^= b >>> 15;
  }
  a ^= a >>> 13;
  a = Math.imul(a, 0xc2b2ae35);
  b = Math.imul(b ^ (b >>> 16), 0x85ebca6b);
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}
