import { COOKIE_FIXTURES } from '../test/fixtures/cookie-sessions/corpus.ts';
import { CORPUS } from '../test/fixtures/corpus.ts';
import type { Fixture } from '../test/fixtures/fixture.ts';
import { HELD_OUT } from '../test/fixtures/held-out/corpus.ts';
import { isHit, runFixture } from '../test/fixtures/run-fixture.ts';
import { TOKEN_ENDPOINT_FIXTURES } from '../test/fixtures/token-endpoints/corpus.ts';

/**
 * `npm run corpus`: the top-1 rate on both corpora, as a user would meet it (a failure that is not
 * recorded counts as a miss). `--misses` lists each miss with what the engine ranked instead.
 */
function report(label: string, fixtures: readonly Fixture[]): void {
  const misses: string[] = [];
  let notCaptured = 0;
  for (const fixture of fixtures) {
    const outcome = runFixture(fixture);
    if (isHit(fixture, outcome)) continue;
    if (!outcome.captured) notCaptured++;
    misses.push(
      `  ✗ ${fixture.name}\n      expected ${fixture.expectTop}, got ${outcome.captured ? outcome.ranked.slice(0, 3).join(' > ') : 'not recorded as a failure'}`,
    );
  }
  const hits = fixtures.length - misses.length;
  const services = new Set(fixtures.map((fixture) => ('service' in fixture ? String(fixture.service) : '')));
  console.log(
    `${label}: ${hits}/${fixtures.length} top-1 (${((100 * hits) / fixtures.length).toFixed(1)}%)` +
      `${services.size > 1 ? `, ${services.size} services` : ''}; ${notCaptured} not recorded as failures`,
  );
  if (process.argv.includes('--misses')) for (const line of misses) console.log(line);
}

report('corpus', CORPUS);
report('held-out corpus', HELD_OUT);
report('token-endpoint corpus', TOKEN_ENDPOINT_FIXTURES);
// Issue 18, written blind before the engine read cookies (10/58 then).
report('cookie-session corpus', COOKIE_FIXTURES);
