import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, chromium, type Worker } from '@playwright/test';
import {
  CHROME_BUILD,
  CHROMIUM_FLAGS,
  chromiumPath,
  type ExtensionBrowser,
} from '../../e2e/support/chromium.ts';

/**
 * The three browsers every browser figure compares, launched once and kept open for the whole run
 * so that no figure includes a launch: Auth Inspector (dist/chrome), the floor extension (same
 * permissions, no listener: bench/floor-extension) and plain Chromium. Same binary, same flags and
 * window size; only the loaded extension differs.
 */
export type Variant = 'inspector' | 'floor' | 'plain';

export const FLOOR_EXTENSION = resolve(import.meta.dirname, '../../bench/floor-extension');

export interface BenchBrowser extends ExtensionBrowser {
  variant: Variant;
}

export async function launchVariant(variant: Variant): Promise<BenchBrowser> {
  const extension =
    variant === 'inspector' ? CHROME_BUILD : variant === 'floor' ? FLOOR_EXTENSION : undefined;
  if (extension && !existsSync(join(extension, 'manifest.json'))) {
    throw new Error(
      `No extension in ${extension}${variant === 'inspector' ? ': run `npm run build` first' : ''}.`,
    );
  }
  const userDataDir = await mkdtemp(join(tmpdir(), `auth-inspector-bench-${variant}-`));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless: true,
    viewport: { width: 1100, height: 800 },
    args: extension
      ? [`--disable-extensions-except=${extension}`, `--load-extension=${extension}`, ...CHROMIUM_FLAGS]
      : CHROMIUM_FLAGS,
  });
  const worker = async (): Promise<Worker> =>
    context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 20_000 }));
  const extensionId = extension ? new URL((await worker()).url()).host : '';
  return {
    variant,
    context,
    extensionId,
    userDataDir,
    worker,
    close: async () => {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

export type Browsers = Record<Variant, BenchBrowser>;

export async function launchBrowsers(): Promise<Browsers> {
  // One after the other: three launches at once on two cores only slow each other down.
  const inspector = await launchVariant('inspector');
  const floor = await launchVariant('floor');
  const plain = await launchVariant('plain');
  return { inspector, floor, plain };
}

export async function closeBrowsers(browsers: Partial<Browsers>): Promise<void> {
  for (const browser of Object.values(browsers)) await browser?.close().catch(() => {});
}

export function chromiumVersion(context: BrowserContext): string {
  return context.browser()?.version() ?? 'unknown';
}

/**
 * The extension's renderer process for a profile (Chromium marks it `--extension-process`; our
 * browsers load one extension each). Linux /proc: the benchmark runs on the project's Debian hosts.
 */
export async function extensionProcess(userDataDir: string): Promise<number> {
  const found: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const args = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    // Chromium rewrites its command line as one space-separated string.
    const words = args.split(/[\0 ]/);
    if (words.includes('--extension-process') && words.includes(`--user-data-dir=${userDataDir}`)) {
      found.push(Number(entry));
    }
  }
  if (found.length !== 1) throw new Error(`expected one extension process, found ${found.length}`);
  return found[0] as number;
}

export interface ThreadTimes {
  /** Nanoseconds on CPU of the process's ServiceWorker thread(s) (schedstat). */
  worker: number;
  /** Nanoseconds on CPU of all the process's threads (the worker, IPC, GC helpers...). */
  process: number;
  workerThreads: string[];
}

/** Reads /proc/<pid>/task/<tid>/schedstat: the first field is time on CPU in nanoseconds. */
export async function threadTimes(pid: number): Promise<ThreadTimes> {
  const times: ThreadTimes = { worker: 0, process: 0, workerThreads: [] };
  for (const tid of await readdir(`/proc/${pid}/task`).catch(() => [] as string[])) {
    const [name, schedstat] = await Promise.all([
      readFile(`/proc/${pid}/task/${tid}/comm`, 'utf8').catch(() => ''),
      readFile(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').catch(() => ''),
    ]);
    const onCpu = Number(schedstat.split(' ')[0] ?? 0) || 0;
    times.process += onCpu;
    if (name.startsWith('ServiceWorker')) {
      times.worker += onCpu;
      times.workerThreads.push(tid);
    }
  }
  return times;
}

/** Resident memory of a process in bytes (/proc/<pid>/status VmRSS). */
export async function residentBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  return kb ? Number(kb) * 1024 : Number.NaN;
}
