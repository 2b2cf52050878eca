import { jwtDecode } from 'jwt-decode';
import { diagnose } from '../../src/core/diagnose.ts';
import { CORPUS } from '../../test/fixtures/corpus.ts';
import { FIXTURE_NOW, fixtureExchange } from '../../test/fixtures/fixture.ts';

/**
 * The two workloads core throughput compares (issue 3): the full engine on the mixed real-world
 * corpus, and bare jwt-decode on the tokens of the same exchanges. Shared by `npm run bench:core`
 * and the core figure of `npm run bench`.
 */
export interface Workload {
  label: string;
  /** Items one call of `run` handles: exchanges diagnosed, or tokens decoded. */
  items: number;
  run(): void;
}

export function coreWorkloads(): { engine: Workload; decoder: Workload } {
  const cases = CORPUS.map((fixture) => {
    const { exchange, history } = fixtureExchange(fixture);
    return { exchange, history: [...history, exchange], pageTokens: fixture.pageTokens ?? [] };
  });
  const tokens = cases.flatMap(({ exchange }) =>
    exchange.requestHeaders
      .filter((header) => header.name === 'authorization')
      .map((header) => header.value.replace(/^\S+\s+/, '')),
  );
  return {
    engine: {
      label: 'diagnose (full engine)',
      items: cases.length,
      run: () => {
        for (const item of cases)
          diagnose(item.exchange, { now: FIXTURE_NOW, history: item.history, pageTokens: item.pageTokens });
      },
    },
    decoder: {
      label: 'jwt-decode (header + payload)',
      items: tokens.length,
      run: () => {
        for (const token of tokens) {
          try {
            jwtDecode(token, { header: true });
            jwtDecode(token);
          } catch {
            // Non-JWT and malformed tokens cost jwt-decode an exception, as they would in a real tool.
          }
        }
      },
    },
  };
}
