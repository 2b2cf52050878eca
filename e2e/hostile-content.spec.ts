import { readFileSync } from 'node:fs';
import type { BrowserContext, Page, TestInfo } from '@playwright/test';
import type { Exchange } from '../src/core/exchange.ts';
import {
  HOSTILE_PAYLOADS,
  type HostilePayload,
  hostileExchanges,
  SENTINEL_GLOBAL,
} from '../test/fixtures/hostile-payloads.ts';
import { expect, test } from './fixtures.ts';
import { captureClipboard } from './support/clipboard.ts';
import type { Inspector } from './support/inspector.ts';

/**
 * Hostile content is inert: the whole catalogue of test/fixtures/hostile-payloads.ts, seeded as a
 * tab's history, rendered in the popup and the panel with every failure chosen, every credential
 * revealed, every cause opened, and the claims shown both as a table and as raw JSON. No script
 * runs (no CSP violation, no sentinel, no inline handler or foreign element in the DOM), no
 * prototype is polluted, each page answers within a time box, and the layout keeps its width and
 * its controls.
 */

/** Tab ids no real tab has: the pages show what was seeded, and nothing else writes there. */
const ALL_TAB = 990_001;
const SOLO_TAB = 990_100;
const POPUP_VIEWPORT = { width: 460, height: 600 };
/** First verdict on screen after navigation; a healthy page takes well under a second. */
const FIRST_RENDER_MS = 5_000;
/** One page.evaluate round trip: the main thread is not stuck in a render. */
const ROUND_TRIP_MS = 1_000;
/** Choosing one failure and seeing it. */
const SELECT_MS = 3_000;
/** Sub-pixel rounding. */
const WIDTH_TOLERANCE = 2;

/** The payloads that cost the most to diagnose and draw, timed one by one. */
const HEAVIEST = [
  'token-1mb',
  'body-1mb',
  'claims-deep-array',
  'claims-deep-object',
  'jwt-header-deep',
  'claims-3000',
  'scope-5000',
  'headers-5000',
  'url-256k',
  'www-authenticate-256k',
  'header-name-100k',
];

/** What the Node side hears from a page: console CSP reports and uncaught errors. */
interface Heard {
  consoleCsp: string[];
  errors: string[];
}

/**
 * A page that records, from before the extension's first script: CSP violations (the MV3 policy
 * blocks inline script, inline handlers and eval, and reports each attempt), the built-in
 * prototypes as they were, and the page's uncaught errors (a render that throws shows up here).
 */
async function observedPage(context: BrowserContext, url: string, viewport?: typeof POPUP_VIEWPORT) {
  const page = await context.newPage();
  const heard: Heard = { consoleCsp: [], errors: [] };
  await page.addInitScript(() => {
    const state = window as unknown as { __csp: string[]; __prototypes: string[] };
    state.__csp = [];
    document.addEventListener(
      'securitypolicyviolation',
      (event) => state.__csp.push(`${event.violatedDirective} ${event.blockedURI} ${event.sample}`),
      true,
    );
    state.__prototypes = [Object.prototype, Array.prototype, Function.prototype, String.prototype].flatMap(
      (target, index) =>
        [
          ...Object.getOwnPropertyNames(target),
          '[[Prototype]]',
          String(Object.getPrototypeOf(target) === null),
        ].map((name) => `${index}.${name}`),
    );
  });
  page.on('console', (message) => {
    if (/content security policy/i.test(message.text())) heard.consoleCsp.push(message.text());
  });
  page.on('pageerror', (error) => heard.errors.push(String(error)));
  if (viewport) await page.setViewportSize(viewport);
  await page.goto(url);
  return { page, heard, url };
}

type Observed = Awaited<ReturnType<typeof observedPage>>;

interface PageState {
  sentinel: unknown;
  csp: string[];
  polluted: boolean;
  /** Own property names of Object, Array, Function and String.prototype added (+) or removed (-). */
  prototypeChanges: string[];
  inlineHandlers: string[];
  foreignElements: string[];
  location: string;
  scrollWidth: number;
  innerWidth: number;
  wide: string[];
}

/**
 * One look at the page: what must hold whatever it shows (no sentinel, no CSP report, prototypes
 * as they were, no inline handler, `javascript:` URL or element the extension never renders, no
 * navigation) and its width: nothing wider than the window outside a scroll box of its own (raw
 * JSON and a revealed secret may scroll; the page may not).
 */
function readState(page: Page): Promise<PageState> {
  return page.evaluate(
    ([sentinel, tolerance]) => {
      const state = window as unknown as { __csp: string[]; __prototypes: string[] } & Record<
        string,
        unknown
      >;
      const now = [Object.prototype, Array.prototype, Function.prototype, String.prototype].flatMap(
        (target, index) =>
          [
            ...Object.getOwnPropertyNames(target),
            '[[Prototype]]',
            String(Object.getPrototypeOf(target) === null),
          ].map((name) => `${index}.${name}`),
      );
      const before = new Set(state.__prototypes);
      const after = new Set(now);
      const prototypeChanges = [
        ...now.filter((name) => !before.has(name)).map((name) => `+${name}`),
        ...state.__prototypes.filter((name) => !after.has(name)).map((name) => `-${name}`),
      ];
      const probe = {} as Record<string, unknown>;
      const inlineHandlers: string[] = [];
      const foreignElements: string[] = [];
      const own = `${location.origin}/`;
      const shipped = (url: string) => url !== '' && new URL(url, location.href).href.startsWith(own);
      for (const element of document.querySelectorAll('*')) {
        for (const attribute of element.attributes) {
          const scriptUrl = /^\s*(?:javascript|data|vbscript):/i.test(attribute.value);
          if (
            /^on/i.test(attribute.name) ||
            (scriptUrl && !['title', 'aria-label'].includes(attribute.name))
          ) {
            inlineHandlers.push(`<${element.localName} ${attribute.name}="${attribute.value.slice(0, 60)}">`);
          }
        }
        const tag = element.localName;
        const src = element.getAttribute('src') ?? element.getAttribute('href') ?? '';
        if (
          ['iframe', 'frame', 'object', 'embed', 'svg', 'math', 'form', 'base', 'style', 'a'].includes(tag)
        ) {
          foreignElements.push(tag);
        } else if (tag === 'meta' && element.closest('body')) {
          foreignElements.push('meta in body');
        } else if (['img', 'script', 'link'].includes(tag) && !shipped(src)) {
          foreignElements.push(`${tag} ${src.slice(0, 60)}`);
        }
      }
      const wide: string[] = [];
      const limit = window.innerWidth + tolerance;
      const visit = (element: Element) => {
        const box = element.getBoundingClientRect();
        if (box.width > 0 && box.right > limit) {
          wide.push(`${element.localName}.${element.className} right=${Math.round(box.right)}`);
          return;
        }
        if (getComputedStyle(element).overflowX !== 'visible') return;
        for (const child of element.children) visit(child);
      };
      for (const child of document.body.children) visit(child);
      return {
        sentinel: state[sentinel],
        csp: state.__csp,
        polluted:
          probe.polluted !== undefined ||
          probe.isAdmin !== undefined ||
          ([] as unknown as Record<string, unknown>).polluted !== undefined,
        prototypeChanges,
        inlineHandlers,
        foreignElements,
        location: location.href,
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: window.innerWidth,
        wide: wide.slice(0, 5),
      };
    },
    [SENTINEL_GLOBAL, WIDTH_TOLERANCE] as const,
  );
}

async function expectInertAndInWidth({ page, heard, url }: Observed, when: string): Promise<void> {
  const started = Date.now();
  const state = await readState(page);
  expect(Date.now() - started, `${when}: the page answers promptly`).toBeLessThan(ROUND_TRIP_MS);
  expect(state.sentinel, `${when}: the sentinel global was set`).toBeUndefined();
  expect(state.csp, `${when}: CSP violations`).toEqual([]);
  expect(heard.consoleCsp, `${when}: CSP console errors`).toEqual([]);
  expect(state.polluted, `${when}: Object.prototype polluted`).toBe(false);
  expect(state.prototypeChanges, `${when}: a built-in prototype changed`).toEqual([]);
  expect(state.inlineHandlers, `${when}: inline handlers or script URLs in the DOM`).toEqual([]);
  expect(state.foreignElements, `${when}: elements the extension does not render`).toEqual([]);
  expect(state.location, `${when}: the page navigated`).toBe(url);
  expect(heard.errors, `${when}: uncaught errors`).toEqual([]);
  expect(state.scrollWidth, `${when}: the page scrolls sideways`).toBeLessThanOrEqual(
    state.innerWidth + WIDTH_TOLERANCE,
  );
  expect(state.wide, `${when}: elements wider than the window`).toEqual([]);
}

/**
 * Controls stay on screen and take clicks: each, scrolled into view, is what the page hits at its
 * centre (no overlay covers it, nothing pushed it away). One round trip for all of them; the
 * controls the tests click for real (an option, Copy report) get Playwright's full actionability
 * checks on every click besides.
 */
async function expectUsable(page: Page, selectors: string[], when: string): Promise<void> {
  const unusable = await page.evaluate((wanted) => {
    const problems: string[] = [];
    for (const selector of wanted) {
      const element = document.querySelector(selector);
      if (!element) {
        problems.push(`${selector}: missing`);
        continue;
      }
      element.scrollIntoView({ block: 'nearest', inline: 'nearest' });
      const box = element.getBoundingClientRect();
      const x = box.left + box.width / 2;
      const y = box.top + box.height / 2;
      const inView =
        box.width > 0 && box.height > 0 && x >= 0 && y >= 0 && x <= innerWidth && y <= innerHeight;
      const hit = inView ? document.elementFromPoint(x, y) : null;
      if (!inView)
        problems.push(
          `${selector}: not in view (${Math.round(box.width)}×${Math.round(box.height)} at ${Math.round(x)},${Math.round(y)})`,
        );
      else if (!hit || !(hit === element || element.contains(hit)))
        problems.push(`${selector}: covered by <${hit?.localName}.${hit?.className}>`);
    }
    return problems;
  }, selectors);
  expect(unusable, `${when}: controls out of reach`).toEqual([]);
}

/**
 * Shows everything the detail view can show and checks the page in each view: the claims as a
 * table and as raw JSON, with every credential revealed and every cause opened. The table/raw
 * choice outlives a selection, so each payload is checked in the view the last one left first,
 * then in the other.
 */
async function showEverything(observed: Observed, when: string): Promise<void> {
  const { page } = observed;
  // Reveal every credential and open every cause in one step: what is under test is what they
  // render, and a round trip per button would make 91 payloads slow.
  const state = await page.evaluate(async () => {
    const hidden = () =>
      document.querySelectorAll<HTMLElement>('[data-testid="credential"] button[aria-pressed="false"]');
    for (const button of hidden()) button.click();
    for (const summary of document.querySelectorAll<HTMLElement>('details:not([open]) > summary'))
      summary.click();
    await new Promise((resolve) => requestAnimationFrame(resolve));
    const toggle = [...document.querySelectorAll('button')].find((button) =>
      ['Raw JSON', 'Table'].includes(button.textContent ?? ''),
    );
    return {
      secrets: hidden().length,
      causes: document.querySelectorAll('details:not([open])').length,
      view: toggle?.textContent === 'Table' ? 'raw JSON' : toggle ? 'claims table' : 'no claims',
    };
  });
  expect({ secrets: state.secrets, causes: state.causes }, `${when}: everything opened`).toEqual({
    secrets: 0,
    causes: 0,
  });
  await expectInertAndInWidth(observed, `${when}, ${state.view}`);
  if (state.view === 'no claims') return;
  const other = state.view === 'raw JSON' ? 'claims table' : 'raw JSON';
  await page.getByRole('button', { name: other === 'raw JSON' ? 'Raw JSON' : 'Table' }).click();
  await expect(page.getByTestId('claims-raw')).toHaveCount(other === 'raw JSON' ? 1 : 0);
  await expectInertAndInWidth(observed, `${when}, ${other}`);
}

function measure(testInfo: TestInfo, description: string): void {
  testInfo.annotations.push({ type: 'measure', description });
  console.log(description);
}

async function seed(
  inspector: Inspector,
  tabId: number,
  payloads: readonly HostilePayload[] = HOSTILE_PAYLOADS,
): Promise<Exchange[]> {
  const exchanges = hostileExchanges({ now: Date.now(), tabId }, payloads);
  await inspector.seedExchanges(tabId, exchanges);
  return exchanges;
}

const popupUrl = (extensionId: string, tabId: number) =>
  `chrome-extension://${extensionId}/src/popup/index.html?tab=${tabId}`;
const panelUrl = (extensionId: string, tabId: number) =>
  `chrome-extension://${extensionId}/src/devtools/panel.html?tabId=${tabId}`;

test.describe('hostile content is inert', () => {
  test.describe.configure({ timeout: 240_000 });

  test('the popup shows every hostile payload as text, within its width, and stays responsive', async ({
    extensionBrowser,
    inspector,
  }, testInfo) => {
    const exchanges = await seed(inspector, ALL_TAB);
    const pagesBefore = extensionBrowser.context.pages().length;
    const started = Date.now();
    const observed = await observedPage(
      extensionBrowser.context,
      popupUrl(extensionBrowser.extensionId, ALL_TAB),
      POPUP_VIEWPORT,
    );
    const popup = observed.page;
    await expect(popup.locator('[data-cause]').first()).toBeVisible({ timeout: FIRST_RENDER_MS });
    const firstRender = Date.now() - started;
    const copied = await captureClipboard(popup);

    // Every payload has a request line of its own, so each is one failure in the list (shown
    // 25 at first, the rest on request).
    const options = popup.getByRole('option');
    await expect(options).toHaveCount(25);
    await popup.getByTestId('more-failures').click();
    await expect(options).toHaveCount(exchanges.length);
    let slowest = { ms: 0, id: '' };
    const ids = await options.evaluateAll((items) =>
      items.map((item) => item.getAttribute('data-failure-id') ?? ''),
    );
    expect(new Set(ids).size).toBe(exchanges.length);
    for (const [index, id] of ids.entries()) {
      const option = options.nth(index);
      const when = `popup, ${id}`;
      const clicked = Date.now();
      await option.click();
      await expect(popup.getByTestId('failure-detail'), when).toHaveAttribute('data-exchange-id', id, {
        timeout: SELECT_MS,
      });
      await expect(popup.locator('[data-cause]').first(), when).toBeVisible();
      const selectMs = Date.now() - clicked;
      if (selectMs > slowest.ms) slowest = { ms: selectMs, id };
      await showEverything(observed, when);
      await popup.getByRole('button', { name: 'Copy report' }).click();
      await expect.poll(async () => (await copied()).length).toBe(index + 1);
      await expectUsable(
        popup,
        [
          '.report-actions .action-button',
          '.report-actions .link-button',
          '.headline',
          '[role="option"][aria-selected="true"]',
        ],
        when,
      );
      const headline = await popup.locator('.headline').boundingBox();
      expect(headline?.height ?? 0, `${when}: the headline stays a few lines`).toBeLessThan(120);
    }
    const reports = await copied();
    expect(reports).toHaveLength(exchanges.length);
    for (const report of reports) expect(report.length).toBeLessThan(200_000);
    expect(extensionBrowser.context.pages().length, 'no page or window was opened').toBe(pagesBefore + 1);
    measure(
      testInfo,
      `popup, ${exchanges.length} hostile failures: first verdict ${firstRender} ms, slowest selection ${slowest.ms} ms (${slowest.id})`,
    );
    await popup.close();
    await inspector.clearHistory(ALL_TAB);
  });

  test('the panel lists, selects, filters and exports every hostile payload inert', async ({
    extensionBrowser,
    inspector,
  }, testInfo) => {
    const exchanges = await seed(inspector, ALL_TAB);
    const pagesBefore = extensionBrowser.context.pages().length;
    const started = Date.now();
    const observed = await observedPage(
      extensionBrowser.context,
      panelUrl(extensionBrowser.extensionId, ALL_TAB),
    );
    const panel = observed.page;
    const rows = panel.locator('[role="row"][data-exchange-id]');
    await expect(panel.getByTestId('row-count')).toHaveText(`${exchanges.length} requests`, {
      timeout: FIRST_RENDER_MS,
    });
    await expect(rows.first()).toBeVisible();
    const firstRender = Date.now() - started;

    // Newest first; the arrow keys walk the grid and the detail follows.
    const grid = panel.getByTestId('exchange-grid');
    await rows.first().click();
    let slowest = { ms: 0, id: '' };
    for (const [index, { id }] of [...exchanges].reverse().entries()) {
      const when = `panel, ${id}`;
      const moved = Date.now();
      if (index > 0) {
        await grid.focus();
        await panel.keyboard.press('ArrowDown');
      }
      const row = panel.locator(`[role="row"][data-exchange-id="${id}"]`);
      await expect(row, when).toHaveAttribute('aria-selected', 'true', { timeout: SELECT_MS });
      await expect(panel.getByTestId('failure-detail'), when).toHaveAttribute('data-exchange-id', id);
      await expect(panel.locator('.panel-detail [data-cause]').first(), when).toBeVisible();
      const selectMs = Date.now() - moved;
      if (selectMs > slowest.ms) slowest = { ms: selectMs, id };
      await showEverything(observed, when);
      await expectUsable(
        panel,
        [
          '.panel-exports button',
          '.filter-input',
          '.view-tab',
          '[role="row"][aria-selected="true"]',
          '.panel-detail .headline',
        ],
        when,
      );
    }

    // Exports run redaction over everything in the page: they finish, parse, and stay inert.
    await captureClipboard(panel);
    await panel.getByRole('button', { name: 'Copy as cURL' }).click();
    await expect(panel.getByTestId('export-status')).toHaveText('cURL copied (credentials redacted)');
    const [har] = await Promise.all([
      panel.waitForEvent('download'),
      panel.getByRole('button', { name: 'Export HAR' }).click(),
    ]);
    const parsed = JSON.parse(readFileSync((await har.path()) ?? '', 'utf8')) as {
      log: { entries: unknown[] };
    };
    expect(parsed.log.entries).toHaveLength(exchanges.length);
    const [report] = await Promise.all([
      panel.waitForEvent('download'),
      panel.getByRole('button', { name: 'Export report' }).click(),
    ]);
    expect(readFileSync((await report.path()) ?? '', 'utf8').split('### Auth failure')).toHaveLength(
      exchanges.length + 1,
    );

    // Hostile filter text, then the token timelines.
    const filter = panel.getByRole('searchbox', { name: 'Filter requests' });
    for (const query of [
      '<script>',
      '__proto__',
      'constructor:prototype',
      '\u202e',
      'javascript:',
      '{{x}}',
    ]) {
      await filter.fill(query);
      await expect(panel.getByTestId('row-count')).toContainText(`${exchanges.length} requests`);
      await expectInertAndInWidth(observed, `panel, filter ${query}`);
    }
    await filter.fill('');
    await panel.getByRole('tab', { name: 'Tokens' }).click();
    await expect(panel.getByTestId('timelines')).toBeVisible({ timeout: SELECT_MS });
    await expectInertAndInWidth(observed, 'panel, token timelines');
    await expectUsable(panel, ['.view-tab', '.filter-input', '.timeline'], 'panel, token timelines');
    expect(extensionBrowser.context.pages().length, 'no page or window was opened').toBe(pagesBefore + 1);
    measure(
      testInfo,
      `panel, ${exchanges.length} hostile exchanges: first render ${firstRender} ms, slowest selection ${slowest.ms} ms (${slowest.id})`,
    );
    await panel.close();
    await inspector.clearHistory(ALL_TAB);
  });

  test('the heaviest payloads each render within the time box in the popup and the panel', async ({
    extensionBrowser,
    inspector,
  }, testInfo) => {
    const figures: string[] = [];
    for (const [offset, id] of HEAVIEST.entries()) {
      const payload = HOSTILE_PAYLOADS.find((item) => item.id === id);
      if (!payload) throw new Error(`no payload ${id}`);
      const tabId = SOLO_TAB + offset;
      const [exchange] = (await seed(inspector, tabId, [payload])) as [Exchange];

      let started = Date.now();
      const popup = await observedPage(
        extensionBrowser.context,
        popupUrl(extensionBrowser.extensionId, tabId),
        POPUP_VIEWPORT,
      );
      await expect(popup.page.locator('[data-cause]').first()).toBeVisible({ timeout: FIRST_RENDER_MS });
      const popupMs = Date.now() - started;
      started = Date.now();
      await showEverything(popup, `popup, ${id}`);
      const popupOpenMs = Date.now() - started;
      await popup.page.close();

      started = Date.now();
      const panel = await observedPage(
        extensionBrowser.context,
        panelUrl(extensionBrowser.extensionId, tabId),
      );
      await panel.page
        .locator(`[role="row"][data-exchange-id="${exchange.id}"]`)
        .click({ timeout: FIRST_RENDER_MS });
      await expect(panel.page.locator('.panel-detail [data-cause]').first()).toBeVisible({
        timeout: FIRST_RENDER_MS,
      });
      const panelMs = Date.now() - started;
      started = Date.now();
      await showEverything(panel, `panel, ${id}`);
      const panelOpenMs = Date.now() - started;
      await panel.page.close();
      await inspector.clearHistory(tabId);
      figures.push(`${id} popup ${popupMs}+${popupOpenMs} ms, panel ${panelMs}+${panelOpenMs} ms`);
    }
    measure(
      testInfo,
      `heaviest payloads alone, first verdict + everything opened and checked: ${figures.join('; ')}`,
    );
  });
});
