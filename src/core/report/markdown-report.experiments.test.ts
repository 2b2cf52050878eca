import { describe, expect, it } from 'vitest';
import type { Exchange } from '../exchange.ts';
import { experimentScenario, NOW } from '../export/experiment-test-helpers.ts';
import { expectNoSecret } from '../export/export-test-helpers.ts';
import type { DiagnosedExchange } from '../history/group-failures.ts';
import { fake } from '../redact/redact-test-helpers.ts';
import { buildMarkdownReport } from './markdown-report.ts';
import { expectWellFormed, MIN } from './report-test-helpers.ts';

const report = (row: DiagnosedExchange) => buildMarkdownReport({ ...row, now: NOW + 5 * MIN });
const rowOf = (rows: DiagnosedExchange[], exchange: Exchange) => {
  const row = rows.find((candidate) => candidate.exchange === exchange);
  if (!row) throw new Error(`no row for ${exchange.id}`);
  return row;
};

describe('buildMarkdownReport: a failure whose causes were tested by experiments', () => {
  const scenario = experimentScenario();
  const expired = report(rowOf(scenario.rows, scenario.expiredFailure));
  const redirect = report(rowOf(scenario.rows, scenario.redirectFailure));

  it('adds an Experiments section after the causes, and stays well formed', () => {
    const headings = expired.split('\n').filter((line) => line.startsWith('#'));
    expect(headings.slice(-2)).toEqual(['#### Likely causes', '#### Experiments']);
    expect(expired).toContain('not the app’s own traffic');
    expectWellFormed(expired);
    expectWellFormed(redirect);
  });

  it('lists each result: cause, verdict in words, reason, request, answer, duration and change', () => {
    expect(expired).toContain(
      '- `token-expired`: **Confirmed** — With the change, the server answered 200.\n' +
        '  - Experiment: fresher-token\n' +
        '  - Request: `GET` `https://api.example.com/v1/me`\n' +
        '  - Answer: 200 in 85 ms\n' +
        '  - Change: authorization: "Bearer eyJ••••••',
    );
    expect(expired).toContain('(from localStorage "auth › access\\_token")');
    // No answer: the browser's error, escaped like any page-controlled text.
    expect(expired).toContain('- `token-rejected`: **Inconclusive** — No answer reached the page');
    expect(expired).toContain(
      '  - Answer: no answer (net::ERR\\_CONNECTION\\_RESET \\| \\*not\\* &lt;b>bold&lt;/b>) in 85 ms',
    );
    expect(redirect).toContain(
      '- `credential-dropped-on-redirect`: **Ruled out** — With the change, the server still refused it (401).',
    );
    expect(redirect).toMatch(/\n {2}- The server said: `Bearer error="invalid_token", [^\n]*\[secret …/);
  });

  it('marks tested causes in the cause list, confirmed first and ruled out after the untested', () => {
    expect(expired).toMatch(
      /\n1\. \*\*The token expired 30 min ago\*\* \(`token-expired`, high confidence\) — experiment: \*\*Confirmed\*\*\n/,
    );
    expect(expired).toMatch(/\(`token-rejected`, \w+ confidence\) — experiment: \*\*Inconclusive\*\*\n/);
    expect(expired).toMatch(/\(`stale-token`, \w+ confidence\)\n/);
    const causes = redirect.split('\n').filter((line) => /^\d+\. /.test(line));
    expect(causes.at(-1)).toMatch(
      /\(`credential-dropped-on-redirect`, \w+ confidence\) — experiment: \*\*Ruled out\*\*$/,
    );
    expect(causes[0]).not.toContain('experiment:');
  });

  it('redacts the first hop named in the change as the report redacts URLs', () => {
    expect(redirect).toContain('(not https://example.com/api/v1/me?api\\_key=\\[removed\\])');
  });

  it('redacts a secret in the experiment URL the way the request URL is', () => {
    const token = fake.opaque(32);
    const row = rowOf(scenario.rows, scenario.expiredFailure);
    const experiments = row.diagnosis.experiments?.map((entry) =>
      entry.result
        ? {
            ...entry,
            result: { ...entry.result, url: `https://api.example.com/v1/me?access_token=${token}&x=1` },
          }
        : entry,
    );
    const markdown = report({
      ...row,
      diagnosis: { ...row.diagnosis, ...(experiments ? { experiments } : {}) },
    });
    expect(markdown).toContain(
      '  - Request: `GET` `https://api.example.com/v1/me?access_token=[removed]&x=1`',
    );
    expectNoSecret(markdown, [token]);
  });

  it('leaves out no token: not the failed one, the fresher one, the echoed one or the first hop’s', () => {
    expectNoSecret(`${expired}\n${redirect}`, scenario.secrets);
  });

  it('has no Experiments section, and no verdict in the causes, when nothing was run', () => {
    const row = rowOf(scenario.rows, scenario.expiredFailure);
    const offersOnly = row.diagnosis.experiments?.map(({ result: _result, ...entry }) => entry);
    const markdown = report({
      ...row,
      diagnosis: { ...row.diagnosis, ...(offersOnly ? { experiments: offersOnly } : {}) },
    });
    expect(markdown).not.toContain('#### Experiments');
    expect(markdown).not.toContain('experiment:');
    expectWellFormed(markdown);
  });
});

describe('buildMarkdownReport: the report of an experiment’s own request (panel export)', () => {
  const scenario = experimentScenario();
  const { confirmed, ruledOut } = scenario.experiments;
  const markdown = report(rowOf(scenario.rows, confirmed));
  const redirectTarget = report(rowOf(scenario.rows, ruledOut));

  it('says first that Auth Inspector sent it, not the app, with the verdict and what it tested', () => {
    const lines = markdown.split('\n');
    expect(lines[0]).toBe('### Auth Inspector experiment: Confirmed for `token-expired`');
    expect(lines[2]).toBe('**Experiment (fresher-token): Confirmed — sent by Auth Inspector, not the app.**');
    expect(markdown).toContain('- **Tested:** `token-expired`, a cause of the failure `x1`');
    expect(markdown).toContain('- **Reason:** With the change, the server answered 200.');
    expect(markdown).toMatch(/\n- \*\*Change:\*\* authorization: "Bearer eyJ••••••/);
    expect(redirectTarget).toContain(
      '**Experiment (redirect-target): Ruled out — sent by Auth Inspector, not the app.**',
    );
    expect(redirectTarget).toContain('(not https://example.com/api/v1/me?api\\_key=\\[removed\\])');
    expectWellFormed(markdown);
    expectWellFormed(redirectTarget);
  });

  it('is not diagnosed as a failure of the app', () => {
    expect(markdown).not.toContain('#### Likely causes');
    expect(markdown).not.toContain('Auth failure');
  });

  it('shows the credential it sent and what the server echoed only redacted', () => {
    expect(markdown).toContain('.[signature removed]');
    expectNoSecret(`${markdown}\n${redirectTarget}`, scenario.secrets);
  });

  it('every report the panel exports, of every row, holds no token', () => {
    expectNoSecret(scenario.rows.map(report).join('\n\n---\n\n'), scenario.secrets);
  });
});
