import type { DemoServer } from '../../e2e/support/demo-server.ts';
import { epochSeconds, mintJwt } from '../../test/mint-jwt.ts';
import type { BenchServer } from './bench-server.ts';
import type { Browsers } from './browsers.ts';

/** What every browser figure is measured with: the browsers, the servers, and how many pairs. */
export interface BenchContext {
  browsers: Browsers;
  demo: DemoServer;
  server: BenchServer;
  /** Alternated pairs (or runs) per timed figure. */
  pairs: number;
  /** The access token every API call carries as `Authorization: Bearer`. */
  token: string;
  /** A line of progress (stderr). */
  progress(line: string): void;
  /** A line per sample, shown with BENCH_VERBOSE=1. */
  detail(line: string): void;
}

/** A realistic access token (HS256, valid for a day): what an SPA sends on every call. */
export function benchToken(now = Date.now()): string {
  return mintJwt({
    iss: 'https://id.bench.test/',
    sub: 'user-1042',
    aud: 'https://api.bench.test',
    scope: 'profile:read orders:read',
    iat: epochSeconds(now),
    exp: epochSeconds(now + 24 * 3600_000),
  });
}
