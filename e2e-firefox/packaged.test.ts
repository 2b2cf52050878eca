import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { FIREFOX_BUILD } from './support/firefox.ts';
import {
  rankedCauses,
  runScenario,
  type Session,
  startSession,
  waitForFailures,
  warmUp,
} from './support/session.ts';

/**
 * The packed add-on, as `npm run package` makes it (web-ext build), installs and works: the same
 * expired-JWT scenario, from the .xpi instead of the build directory.
 */
describe('the packed Firefox add-on (.xpi)', () => {
  let session: Session;
  let directory: string;

  before(async () => {
    directory = mkdtempSync(join(tmpdir(), 'auth-inspector-xpi-'));
    const webExt = resolve(import.meta.dirname, '../node_modules/.bin/web-ext');
    execFileSync(
      webExt,
      [
        'build',
        '--source-dir',
        FIREFOX_BUILD,
        '--artifacts-dir',
        directory,
        '--filename',
        'auth-inspector.xpi',
      ],
      { stdio: 'ignore' },
    );
    session = await startSession(join(directory, 'auth-inspector.xpi'));
    await warmUp(session);
  });

  after(async () => {
    await session?.close();
    rmSync(directory, { recursive: true, force: true });
  });

  test('installs and diagnoses an expired JWT', async () => {
    const page = await session.demoPage('xpi');
    const tabId = await session.inspector.tabIdOf(page);
    await runScenario(page, 'expired-jwt');
    await waitForFailures(session, tabId);
    const popup = await session.inspector.openPopup(tabId);
    const causes = await rankedCauses(popup);
    assert.equal(causes[0], 'token-expired');
    await popup.close();
    await page.close();
  });
});
