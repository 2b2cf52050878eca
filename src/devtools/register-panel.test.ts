import { describe, expect, it } from 'vitest';
import { registerPanel } from './register-panel.ts';

/**
 * Real DevTools cannot be driven reliably here (shared/BROWSER-TESTING.md), so the registration is
 * tested in isolation: the call DevTools receives. e2e/panel.spec.ts checks that the build has the
 * icon and page it names.
 */
describe('registerPanel', () => {
  it('creates one "Auth Inspector" panel on the inspected tab', async () => {
    const calls: string[][] = [];
    await registerPanel({ create: (...args: string[]) => calls.push(args) }, 42);
    expect(calls).toEqual([['Auth Inspector', '/icons/icon-32.png', '/src/devtools/panel.html?tabId=42']]);
  });
});
