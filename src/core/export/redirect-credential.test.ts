import { describe, expect, it } from 'vitest';
import { makeExchange } from '../../../test/make-exchange.ts';
import { epochSeconds, mintJwt } from '../../../test/mint-jwt.ts';
import { diagnose } from '../diagnose.ts';
import { viewOfDiagnosis } from '../diagnosis-view.ts';
import type { Exchange, HeaderEntry } from '../exchange.ts';
import { experimentOffers } from '../experiments/experiment-view.ts';
import { fake, signatureOf } from '../redact/redact-test-helpers.ts';
import { buildMarkdownReport } from '../report/markdown-report.ts';
import { buildCurl } from './curl.ts';
import { experimentScenario, NOW } from './experiment-test-helpers.ts';
import { allStrings, expectNoSecret } from './export-test-helpers.ts';
import { buildHar, serializeHar } from './har.ts';
import { validateHar } from './validate-har.ts';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/**
 * `redirectedFrom.credential` is the raw header the first hop of a redirect carried, kept only so
 * that the redirect experiment can send it again (issue 16). It is never exported: not by the HAR,
 * not by cURL, not by the Markdown report (popup or panel), in no form, redacted or not. Nothing
 * in these exchanges echoes it, so its absence is the exporters leaving it out, not redaction.
 */
describe('redirectedFrom.credential never leaves in an export or a report', () => {
  const password = fake.password();
  const jwt = mintJwt({ sub: 'u7', exp: epochSeconds(NOW + 3600_000) });
  const apiKey = fake.opaque(36);
  const cases: { credential: HeaderEntry; forms: string[] }[] = [
    {
      credential: { name: 'authorization', value: `Basic ${b64(`alice:${password}`)}` },
      forms: [`Basic ${b64(`alice:${password}`)}`, b64(`alice:${password}`), password, `alice:${password}`],
    },
    {
      credential: { name: 'authorization', value: `Bearer ${jwt}` },
      forms: [jwt, signatureOf(jwt), jwt.slice(0, jwt.lastIndexOf('.'))],
    },
    { credential: { name: 'x-api-key', value: apiKey }, forms: [apiKey] },
  ];
  const failures: Exchange[] = cases.map(({ credential }, index) => ({
    ...makeExchange({ at: NOW, url: 'https://api.example.com/v1/me', status: 401, body: 'no credential' }),
    id: `r${index}`,
    redirectedFrom: { url: 'https://example.com/api/v1/me', carriedCredential: true, credential },
  }));
  const forms = cases.flatMap((entry) => entry.forms);
  /** Not even redacted: these failures carry no credential of their own to show a label for. */
  const noRedactedForm = (text: string) => {
    expect(text).not.toMatch(/\[secret|\[password removed\]|\[signature removed\]|alice|••••/);
  };

  it('the failures are what the redirect experiment is offered for', () => {
    const diagnosis = diagnose(failures[0] as Exchange, { now: NOW });
    expect(diagnosis.causes.map((cause) => cause.id)).toContain('credential-dropped-on-redirect');
    const offers = experimentOffers(diagnosis.facts, diagnosis.causes);
    expect(offers.flatMap((entry) => entry.offers.map((offer) => offer.kind))).toContain('redirect-target');
  });

  it('HAR', () => {
    const har = buildHar(failures, { creatorVersion: '0.1.0', pageUrl: 'https://app.example.com/' });
    expect(validateHar(har)).toEqual([]);
    expectNoSecret(serializeHar(har), forms);
    expectNoSecret(allStrings(har).join('\n'), forms);
    expect(serializeHar(har)).not.toContain('x-api-key');
    noRedactedForm(serializeHar(har));
  });

  it('cURL', () => {
    const commands = failures.map(buildCurl).join('\n');
    expectNoSecret(commands, forms);
    expect(commands).not.toMatch(/authorization|x-api-key/i);
    noRedactedForm(commands);
  });

  it('the Markdown report, with the experiments offered in its view', () => {
    const reports = failures.map((exchange) => {
      const diagnosis = diagnose(exchange, { now: NOW });
      const view = viewOfDiagnosis(diagnosis);
      view.experiments = experimentOffers(diagnosis.facts, view.causes);
      return buildMarkdownReport({ exchange, diagnosis: view, now: NOW });
    });
    expectNoSecret(reports.join('\n'), forms);
    expect(reports.join('\n')).not.toContain('x-api-key');
    noRedactedForm(reports.join('\n'));
  });

  it('the scenario’s redirect failure and its experiment, in every export', () => {
    const scenario = experimentScenario();
    const dropped = scenario.redirectFailure.redirectedFrom?.credential?.value ?? '';
    expect(dropped).toMatch(/^Bearer /);
    const exchanges = scenario.rows.map((row) => row.exchange);
    const everything = [
      serializeHar(buildHar(exchanges, { creatorVersion: '0.1.0' })),
      ...exchanges.map(buildCurl),
      ...scenario.rows.map((row) => buildMarkdownReport({ ...row, now: NOW })),
    ].join('\n');
    expectNoSecret(everything, [dropped, scenario.tokens.dropped]);
  });
});
