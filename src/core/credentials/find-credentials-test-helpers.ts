/** Test-only: the fake AWS key id and signature the findCredentials tests build their values from. */
export const KEY_ID = 'AKIAIOSFODNN7EXAMPLE'; // AWS's documented example key id
export const SIGNATURE = 'ab'.repeat(32);
