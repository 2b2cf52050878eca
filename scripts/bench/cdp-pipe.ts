import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { CHROMIUM_FLAGS } from '../../e2e/support/chromium.ts';

/**
 * Chromium driven over its DevTools pipe (`--remote-debugging-pipe`: commands on fd 3, replies and
 * events on fd 4, NUL-separated JSON), with no automation library in between. Playwright and
 * Puppeteer enable a CDP Network agent on every page they drive; that agent costs the page time in
 * every configuration, shrinks every ratio, and keeps extension service workers from ever being
 * stopped. Here a page gets only the commands a workload sends (Page.navigate, Runtime.evaluate),
 * so what is measured is the browser, its extension and the page.
 */

/** The browser binary itself, not Debian's wrapper script, so that its pid is the browser's. */
export function chromiumBinary(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/lib/chromium/chromium', '/usr/bin/chromium'];
  const found = candidates.find((candidate) => candidate && existsSync(candidate));
  if (!found) throw new Error('Chromium not found: `apt-get install chromium` or set CHROMIUM_PATH.');
  return found;
}

interface Pending {
  resolve(value: Record<string, unknown>): void;
  reject(error: Error): void;
  method: string;
}

export interface CdpEvent {
  method: string;
  params: Record<string, unknown>;
  sessionId?: string;
}

export interface LaunchOptions {
  /** Unpacked extension folders to load. */
  extensions?: string[];
  /** More command-line switches (a proxy, for example). */
  args?: string[];
}

export class PipeBrowser {
  readonly pid: number;
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<(event: CdpEvent) => void>();
  private buffered = '';

  private constructor(
    private readonly child: ChildProcess,
    private readonly input: Writable,
    output: Readable,
    readonly userDataDir: string,
  ) {
    this.pid = child.pid ?? -1;
    output.setEncoding('utf8');
    output.on('data', (chunk: string) => this.receive(chunk));
    child.once('exit', () => {
      for (const waiting of this.pending.values())
        waiting.reject(new Error(`browser exited during ${waiting.method}`));
      this.pending.clear();
    });
  }

  static async launch(options: LaunchOptions = {}): Promise<PipeBrowser> {
    const userDataDir = await mkdtemp(join(tmpdir(), 'auth-inspector-bench-cdp-'));
    const extensions = options.extensions ?? [];
    const args = [
      '--headless',
      '--remote-debugging-pipe',
      `--user-data-dir=${userDataDir}`,
      '--window-size=1100,800',
      ...CHROMIUM_FLAGS,
      ...(extensions.length > 0
        ? [`--disable-extensions-except=${extensions.join(',')}`, `--load-extension=${extensions.join(',')}`]
        : ['--disable-extensions']),
      ...(options.args ?? []),
      'about:blank',
    ];
    const child = spawn(chromiumBinary(), args, { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] });
    const input = child.stdio[3] as Writable;
    const output = child.stdio[4] as Readable;
    const browser = new PipeBrowser(child, input, output, userDataDir);
    await browser.send('Browser.getVersion');
    return browser;
  }

  private receive(chunk: string): void {
    this.buffered += chunk;
    let end = this.buffered.indexOf('\0');
    while (end >= 0) {
      const text = this.buffered.slice(0, end);
      this.buffered = this.buffered.slice(end + 1);
      end = this.buffered.indexOf('\0');
      const message = JSON.parse(text) as {
        id?: number;
        result?: Record<string, unknown>;
        error?: { message: string };
        method?: string;
        params?: Record<string, unknown>;
        sessionId?: string;
      };
      if (message.id !== undefined) {
        const waiting = this.pending.get(message.id);
        this.pending.delete(message.id);
        if (!waiting) continue;
        if (message.error) waiting.reject(new Error(`${waiting.method}: ${message.error.message}`));
        else waiting.resolve(message.result ?? {});
      } else if (message.method) {
        const event: CdpEvent = { method: message.method, params: message.params ?? {} };
        if (message.sessionId) event.sessionId = message.sessionId;
        for (const listener of this.listeners) listener(event);
      }
    }
  }

  send<T = Record<string, unknown>>(
    method: string,
    params: Record<string, unknown> = {},
    sessionId?: string,
  ): Promise<T> {
    const id = ++this.nextId;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as Pending['resolve'], reject, method });
      this.input.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    });
  }

  onEvent(listener: (event: CdpEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async targets(): Promise<{ targetId: string; type: string; url: string }[]> {
    const { targetInfos } = await this.send<{
      targetInfos: { targetId: string; type: string; url: string }[];
    }>('Target.getTargets');
    return targetInfos;
  }

  /** A new tab, attached (flat session), on about:blank. */
  async newTab(): Promise<Tab> {
    const { targetId } = await this.send<{ targetId: string }>('Target.createTarget', { url: 'about:blank' });
    const { sessionId } = await this.send<{ sessionId: string }>('Target.attachToTarget', {
      targetId,
      flatten: true,
    });
    return new Tab(this, targetId, sessionId);
  }

  async close(): Promise<void> {
    await this.send('Browser.close').catch(() => {});
    await new Promise<void>((resolve) => {
      if (this.child.exitCode !== null) return resolve();
      const timer = setTimeout(() => {
        this.child.kill('SIGKILL');
        resolve();
      }, 5_000);
      this.child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    await rm(this.userDataDir, { recursive: true, force: true });
  }
}

export class Tab {
  constructor(
    readonly browser: PipeBrowser,
    readonly targetId: string,
    readonly sessionId: string,
  ) {}

  send<T = Record<string, unknown>>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    return this.browser.send<T>(method, params, this.sessionId);
  }

  /** Evaluates an expression (awaiting a promise) and returns its value. */
  async evaluate<T>(expression: string): Promise<T> {
    const reply = await this.send<{
      result: { value?: unknown };
      exceptionDetails?: { text: string; exception?: { description?: string } };
    }>('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true });
    if (reply.exceptionDetails) {
      throw new Error(reply.exceptionDetails.exception?.description ?? reply.exceptionDetails.text);
    }
    return reply.result.value as T;
  }

  /**
   * Navigates and waits until the document at `url` has fired its load event, by polling the page
   * every 25 ms (no Page domain events, so no agent is enabled for them).
   */
  async goto(url: string, timeoutMs = 30_000): Promise<void> {
    await this.send('Page.navigate', { url });
    const deadline = Date.now() + timeoutMs;
    const loaded = `location.href === ${JSON.stringify(url)} && document.readyState === 'complete' && performance.getEntriesByType('navigation')[0]?.loadEventEnd > 0`;
    while (Date.now() < deadline) {
      const done = await this.evaluate<boolean>(loaded).catch(() => false);
      if (done) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`${url} did not load within ${timeoutMs} ms`);
  }

  async close(): Promise<void> {
    await this.browser.send('Target.closeTarget', { targetId: this.targetId }).catch(() => {});
  }
}
