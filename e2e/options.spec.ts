import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { DEFAULT_SETTINGS, SETTINGS_KEY } from '../src/shared/settings.ts';
import { test as base, expect } from './fixtures.ts';

/** The slice of the `chrome` API these tests call from the options page. */
interface SyncStorage {
  get(key: string): Promise<Record<string, unknown>>;
  remove(key: string): Promise<void>;
}

function syncStorage(page: Page) {
  const run = <T>(action: 'get' | 'remove') =>
    page.evaluate(
      async ([key, what]) => {
        const sync = (globalThis as unknown as { chrome: { storage: { sync: SyncStorage } } }).chrome.storage
          .sync;
        if (what === 'remove') return sync.remove(key);
        return (await sync.get(key))[key];
      },
      [SETTINGS_KEY, action] as const,
    ) as Promise<T>;
  return { stored: () => run<unknown>('get'), clear: () => run<void>('remove') };
}

const test = base.extend<{ options: Page }>({
  // The browser is shared by every spec in the worker, so each test starts from and leaves
  // storage.sync without settings: the defaults.
  options: async ({ extensionBrowser }, use) => {
    const page = await extensionBrowser.context.newPage();
    await page.goto(`chrome-extension://${extensionBrowser.extensionId}/src/options/index.html`);
    await syncStorage(page).clear();
    await page.reload();
    await expect(page.getByTestId('options-form')).toBeVisible();
    await use(page);
    await syncStorage(page).clear();
    await page.close();
  },
});

function fields(page: Page) {
  return {
    statuses: page.getByRole('textbox', { name: 'Status codes that mean “authentication failed”' }),
    headers: page.getByRole('textbox', { name: 'More headers that carry a credential' }),
    hosts: page.getByRole('textbox', { name: 'Hosts to ignore' }),
    bodies: page.getByRole('checkbox', { name: 'Read the bodies of failed responses' }),
    skew: page.getByRole('spinbutton', { name: 'Clock skew tolerance' }),
    history: page.getByRole('spinbutton', { name: 'Requests kept per tab' }),
    save: page.getByRole('button', { name: 'Save' }),
    reset: page.getByRole('button', { name: 'Reset to defaults' }),
    status: page.getByRole('status'),
  };
}

async function expectDefaultsShown(page: Page) {
  const form = fields(page);
  await expect(form.statuses).toHaveValue('401, 403, 419, 440, 498');
  await expect(form.headers).toHaveValue('');
  await expect(form.hosts).toHaveValue('');
  await expect(form.bodies).toBeChecked();
  await expect(form.skew).toHaveValue('60');
  await expect(form.history).toHaveValue('200');
}

test('shows the defaults when nothing is saved', async ({ options }) => {
  await expectDefaultsShown(options);
  await expect(fields(options).status).toHaveText('');
  expect(await syncStorage(options).stored()).toBeUndefined();
});

test('saves every setting to storage.sync, and a reload shows them', async ({ options }) => {
  const form = fields(options);
  await form.statuses.fill('403 401,407');
  await form.headers.fill('X-Session-Key\n\nx-tenant-token\n');
  await form.hosts.fill('*.Internal.test\napi.example.com');
  await form.bodies.uncheck();
  await form.skew.fill('120');
  await form.history.fill('500');
  await expect(form.status).toHaveText('Unsaved changes');
  await form.save.click();
  await expect(form.status).toHaveText('Saved');

  const saved = {
    watchedStatuses: [401, 403, 407],
    extraCredentialHeaders: ['x-session-key', 'x-tenant-token'],
    ignoredHosts: ['*.internal.test', 'api.example.com'],
    skewToleranceSeconds: 120,
    historyPerTab: 500,
    readResponseBodies: false,
  };
  expect(await syncStorage(options).stored()).toEqual(saved);
  // The form shows what was stored, normalized.
  await expect(form.statuses).toHaveValue('401, 403, 407');

  await options.reload();
  await expect(form.statuses).toHaveValue('401, 403, 407');
  await expect(form.headers).toHaveValue('x-session-key\nx-tenant-token');
  await expect(form.hosts).toHaveValue('*.internal.test\napi.example.com');
  await expect(form.bodies).not.toBeChecked();
  await expect(form.skew).toHaveValue('120');
  await expect(form.history).toHaveValue('500');
  await expect(form.status).toHaveText('');
});

test('invalid input is marked next to its field and nothing is saved', async ({ options }) => {
  const form = fields(options);
  await form.statuses.fill('401, abc');
  await form.hosts.fill('https://api.example.com/v1');
  await form.history.fill('5');
  await form.skew.fill('90');
  await form.save.click();

  await expect(form.status).toHaveText('Not saved: 3 fields need fixing.');
  await expect(form.statuses).toHaveAttribute('aria-invalid', 'true');
  await expect(form.statuses).toHaveAccessibleDescription(/“abc” is not a status code/);
  await expect(options.getByTestId('watchedStatuses-error')).toBeVisible();
  await expect(form.hosts).toHaveAccessibleDescription(/write only the host, like api\.example\.com/);
  await expect(form.history).toHaveAccessibleDescription(/Enter a whole number from 20 to 1000/);
  await expect(form.skew).not.toHaveAttribute('aria-invalid');
  // Focus goes to the first field to fix.
  await expect(form.statuses).toBeFocused();
  expect(await syncStorage(options).stored()).toBeUndefined();

  // A marked field is re-checked as it is fixed.
  await form.statuses.fill('401, 403');
  await expect(form.statuses).not.toHaveAttribute('aria-invalid');
  await expect(options.getByTestId('watchedStatuses-error')).toHaveCount(0);
  await expect(form.hosts).toHaveAttribute('aria-invalid', 'true');

  await options.reload();
  await expectDefaultsShown(options);
});

test('reset fills in the defaults, and saving keeps them', async ({ options }) => {
  const form = fields(options);
  await form.statuses.fill('401');
  await form.hosts.fill('*.example.com');
  await form.bodies.uncheck();
  await form.save.click();
  await expect(form.status).toHaveText('Saved');

  await form.reset.click();
  await expectDefaultsShown(options);
  await expect(form.status).toHaveText('Defaults restored in the form. Save to keep them.');
  // Nothing is lost until the user saves.
  expect(await syncStorage(options).stored()).toMatchObject({ watchedStatuses: [401] });

  await form.save.click();
  await expect(form.status).toHaveText('Saved');
  expect(await syncStorage(options).stored()).toEqual(DEFAULT_SETTINGS);
  await options.reload();
  await expectDefaultsShown(options);
});

test('works from the keyboard alone, with a visible focus', async ({ options }) => {
  const form = fields(options);
  await form.statuses.focus();
  await options.keyboard.press('Tab');
  await expect(form.headers).toBeFocused();
  await options.keyboard.press('Tab');
  await expect(form.hosts).toBeFocused();
  await options.keyboard.press('Tab');
  await expect(form.bodies).toBeFocused();
  await expect(form.bodies).not.toHaveCSS('outline-style', 'none');
  await options.keyboard.press('Space');
  await expect(form.bodies).not.toBeChecked();
  await options.keyboard.press('Tab');
  await expect(form.skew).toBeFocused();
  await options.keyboard.press('ArrowUp');
  await expect(form.skew).toHaveValue('61');
  await options.keyboard.press('Tab');
  await expect(form.history).toBeFocused();
  await options.keyboard.press('Tab');
  await expect(form.save).toBeFocused();
  await expect(form.save).not.toHaveCSS('outline-style', 'none');
  await options.keyboard.press('Enter');
  await expect(form.status).toHaveText('Saved');
  expect(await syncStorage(options).stored()).toMatchObject({
    readResponseBodies: false,
    skewToleranceSeconds: 61,
  });
  await options.keyboard.press('Tab');
  await expect(form.reset).toBeFocused();
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`has no serious or critical accessibility violations (${colorScheme})`, async ({ options }) => {
    await options.emulateMedia({ colorScheme });
    const form = fields(options);
    const serious = async () => {
      const { violations } = await new AxeBuilder({ page: options }).analyze();
      return violations
        .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
        .map(({ id, help, nodes }) => ({ id, help, targets: nodes.map((node) => node.target.join(' ')) }));
    };
    expect(await serious()).toEqual([]);
    // And with errors and the save status on screen.
    await form.statuses.fill('abc');
    await form.history.fill('5');
    await form.save.click();
    await expect(form.status).toHaveText('Not saved: 2 fields need fixing.');
    expect(await serious()).toEqual([]);
  });
}
