import { describe, expect, it } from 'vitest';
import { experimentScenario, NOW } from '../core/export/experiment-test-helpers.ts';
import { expectNoSecret } from '../core/export/export-test-helpers.ts';
import { buildReport } from './popup-actions.ts';

describe('buildReport (the popup’s "Copy report")', () => {
  const scenario = experimentScenario();
  const failure = (id: string) => {
    const row = scenario.rows.find((candidate) => candidate.exchange.id === id);
    if (!row) throw new Error(`no row ${id}`);
    return row;
  };

  it('includes what the experiments proved, with the verdicts in the cause list', async () => {
    const markdown = await buildReport(failure('x1'), NOW);
    expect(markdown).toContain('#### Experiments');
    expect(markdown).toContain(
      '- `token-expired`: **Confirmed** — With the change, the server answered 200.',
    );
    expect(markdown).toMatch(/\(`token-expired`, high confidence\) — experiment: \*\*Confirmed\*\*/);
    const redirect = await buildReport(failure('x2'), NOW);
    expect(redirect).toContain('**Ruled out** — With the change, the server still refused it (401).');
  });

  it('holds no token: not the failed one, the fresher one, the echoed one, the redirect’s kept credential', async () => {
    const reports = await Promise.all(['x1', 'x2'].map((id) => buildReport(failure(id), NOW)));
    const kept = scenario.redirectFailure.redirectedFrom?.credential?.value ?? '';
    expect(kept).not.toBe('');
    expectNoSecret(reports.join('\n'), [...scenario.secrets, kept]);
  });
});
