import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { launchWithExtension } from '../e2e/support/chromium.ts';
import { EXPERIMENT_SCENARIOS, SCENARIOS, startDemoServer } from '../e2e/support/demo-server.ts';
import { Inspector } from '../e2e/support/inspector.ts';
import { waitFor } from '../e2e/support/wait-for.ts';
import { type DemoWindow, warmUp } from '../e2e/support/warm-up.ts';

/**
 * `npm start`: the demo API on 127.0.0.1 and Chromium with Auth Inspector loaded on its page.
 * With a display it opens the browser for you; without one (a server, CI) it runs every scenario
 * headless, prints the verdict for each, and saves a screenshot of the popup per scenario.
 */
const OUTPUT = resolve(import.meta.dirname, '../demo-output');
const headless = process.argv.includes('--headless') || !process.env.DISPLAY || process.env.CI === 'true';
const port = Number(process.env.DEMO_PORT ?? 4317);

async function main(): Promise<void> {
  const server = await startDemoServer(port).catch(() => startDemoServer(0));
  const browser = await launchWithExtension({ headless });
  try {
    await warmUp(browser, server);
    if (headless) await runHeadless(browser, server.url);
    else await runInteractive(browser, server.url);
  } finally {
    await browser.close().catch(() => {});
    await server.close();
  }
}

async function runHeadless(
  browser: Awaited<ReturnType<typeof launchWithExtension>>,
  url: string,
): Promise<void> {
  const inspector = new Inspector(browser);
  await mkdir(OUTPUT, { recursive: true });
  console.log(`Auth Inspector demo (headless) against ${url}\n`);
  let mismatches = 0;
  for (const [index, scenario] of SCENARIOS.entries()) {
    const page = await browser.context.newPage();
    await page.goto(`${url}/?scenario=${scenario.id}`);
    const tabId = await inspector.tabIdOf(page);
    // What only network capture shows: on for the tab first, as opening the popup once does.
    if (scenario.networkCapture) await inspector.armNetworkCapture(tabId);
    await page.evaluate((id) => (window as unknown as DemoWindow).authDemo.run(id), scenario.id);
    const exchange = await waitFor(
      async () => (await inspector.history(tabId))?.exchanges.find((candidate) => candidate.failed),
      `a recorded failure for ${scenario.id}`,
    );
    const popup = await inspector.openPopup(tabId);
    const topCause = popup.locator('[data-cause]').first();
    await topCause.waitFor();
    const cause = (await topCause.getAttribute('data-cause')) ?? '?';
    const headline = (await popup.locator('.headline').textContent()) ?? '';
    const file = join(OUTPUT, `${String(index + 1).padStart(2, '0')}-${scenario.id}.png`);
    await popup.screenshot({ path: file, fullPage: true });
    const ok = cause === scenario.expectedCause;
    if (!ok) mismatches++;
    const path = new URL(exchange.url).pathname;
    console.log(`${ok ? '✓' : '✗'} ${scenario.label}`);
    console.log(`    ${exchange.method} ${path} → ${exchange.status}`);
    console.log(`    top cause: ${cause} — ${headline}${ok ? '' : ` (expected ${scenario.expectedCause})`}`);
    // Each scenario runs in a fresh tab, where network capture is not on yet (it is dormant until a
    // tab needs it): say when the verdict came from the page's view alone.
    if (exchange.unseen?.length)
      console.log(`    seen from the page only; not seen: ${exchange.unseen.join('; ')}`);
    console.log(`    screenshot: ${file}\n`);
    await popup.close();
    await page.close();
  }
  mismatches += await runExperiments(browser, inspector, url);
  if (mismatches > 0) {
    console.error(`${mismatches} scenario(s) or experiment(s) did not get their expected result.`);
    process.exitCode = 1;
  }
}

/**
 * Proves causes by experiment (issue 16), as a user does: the cause's Confirm button, the
 * confirmation step, Send; prints what the server answered and the verdict.
 */
async function runExperiments(
  browser: Awaited<ReturnType<typeof launchWithExtension>>,
  inspector: Inspector,
  url: string,
): Promise<number> {
  console.log('Experiments: each cause proved by sending the request again with the fix\n');
  let mismatches = 0;
  for (const [index, experiment] of EXPERIMENT_SCENARIOS.entries()) {
    const page = await browser.context.newPage();
    await page.goto(`${url}/?scenario=${experiment.scenario}`);
    const tabId = await inspector.tabIdOf(page);
    await page.evaluate((id) => (window as unknown as DemoWindow).authDemo.run(id), experiment.scenario);
    await waitFor(
      async () => (await inspector.history(tabId))?.exchanges.find((candidate) => candidate.failed),
      `a recorded failure for ${experiment.scenario}`,
    );
    const popup = await inspector.openPopup(tabId);
    const cause = popup.locator(`[data-cause="${experiment.cause}"]`);
    await cause.waitFor();
    if ((await cause.locator('details').getAttribute('open')) === null)
      await cause.locator('summary').click();
    await cause.locator(`[data-experiment="${experiment.kind}"]`).click();
    await popup.locator('[data-experiment-send]').click();
    const verdict = await waitFor(
      () => cause.getAttribute('data-experiment-result').then((value) => value ?? undefined),
      `the result of ${experiment.kind}`,
    );
    const record = (await inspector.history(tabId))?.exchanges.find((candidate) => candidate.experiment);
    const ok = verdict === experiment.verdict && record?.status === experiment.status;
    if (!ok) mismatches++;
    const file = join(OUTPUT, `experiment-${String(index + 1).padStart(2, '0')}-${experiment.scenario}.png`);
    await popup.screenshot({ path: file, fullPage: true });
    console.log(`${ok ? '✓' : '✗'} ${experiment.scenario}: ${experiment.kind} for ${experiment.cause}`);
    if (record) console.log(`    ${record.method} ${new URL(record.url).pathname} → ${record.status}`);
    console.log(`    ${verdict}: ${record?.experiment?.reason ?? ''}`);
    if (!ok) console.log(`    expected ${experiment.verdict} with ${experiment.status}`);
    console.log(`    screenshot: ${file}\n`);
    await popup.close();
    await page.close();
  }
  return mismatches;
}

async function runInteractive(
  browser: Awaited<ReturnType<typeof launchWithExtension>>,
  url: string,
): Promise<void> {
  const page = await browser.context.newPage();
  await page.goto(url);
  console.log(`Auth Inspector demo: ${url}`);
  console.log(
    'Click the scenario buttons, then the Auth Inspector toolbar icon (pin it from the puzzle menu).',
  );
  console.log('Close the browser window or press Ctrl+C to stop.');
  await new Promise<void>((done) => {
    browser.context.on('close', () => done());
    process.once('SIGINT', () => done());
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
