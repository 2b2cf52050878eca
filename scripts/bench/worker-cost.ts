import { setTimeout as pause } from 'node:timers/promises';
import type { DemoServer } from '../../e2e/support/demo-server.ts';
import { type BenchBrowser, extensionProcess, residentBytes, threadTimes } from './browsers.ts';
import type { BenchContext } from './context.ts';
import {
  armNetworkCapture,
  type HistorySummary,
  historySummary,
  sessionBytes,
  tabIdOf,
  waitRecorded,
} from './extension-state.ts';
import { type Figure, figure, KB, kb, ms, rounded } from './figures.ts';
import { type StormResult, stormCode } from './page-code.ts';
import { median, round } from './stats.ts';

/**
 * Figure 10: what the extension's service worker spends, and what it stores.
 * CPU: time on CPU of the extension process's `ServiceWorker` thread (Linux schedstat, ns), from
 * just before a storm until the worker has recorded every request of it. No profiler is attached,
 * so nothing slows the worker down. Knowing it has recorded everything takes status polls (storage
 * reads in the worker, every 500 ms); their cost is measured on the idle worker and subtracted.
 * The whole extension process (IPC threads, GC helpers) is reported beside it.
 */
export interface CpuRun {
  requests: number;
  pageMs: number;
  drainMs: number;
  workerCpuMs: number;
  processCpuMs: number;
  polls: number;
  workerThreads: string[];
}

const POLL_MS = 500;
const CALIBRATION_POLLS = 10;

let runCounter = 0;

async function measuredStorm(
  browser: BenchBrowser,
  demo: DemoServer,
  pid: number,
  count: number,
  token: string,
  after?: (tabId: number) => Promise<void>,
): Promise<{ run: CpuRun; pollCostNs: number }> {
  const page = await browser.context.newPage();
  try {
    const url = `${demo.url}/login?bench=cpu-${++runCounter}`;
    await page.goto(url);
    const tabId = await tabIdOf(browser, url);
    // The worker's whole path: network capture on, as once the popup or panel has been opened.
    await armNetworkCapture(browser, tabId);
    await pause(300);
    const before = await threadTimes(pid);
    const result = (await page.evaluate(
      stormCode({ count, concurrency: 20, query: '', token }),
    )) as StormResult;
    const recorded = await waitRecorded(browser, tabId, count, { pollMs: POLL_MS, timeoutMs: 180_000 });
    // Work that follows the last write (badge, change notices) is the storm's too; idle time costs nothing.
    await pause(300);
    const afterTimes = await threadTimes(pid);
    if (result.statuses['401'] !== Math.ceil(count / 4)) {
      throw new Error(
        `storm answered ${JSON.stringify(result.statuses)}, expected ${Math.ceil(count / 4)} × 401`,
      );
    }
    if (!recorded.complete) throw new Error(`the worker recorded ${recorded.summary.recorded} of ${count}`);
    // The cost of one status poll against this (now full) history, on the idle worker.
    const calibrationStart = await threadTimes(pid);
    for (let poll = 0; poll < CALIBRATION_POLLS; poll++) await historySummary(browser, tabId);
    const calibrationEnd = await threadTimes(pid);
    const pollCostNs = (calibrationEnd.worker - calibrationStart.worker) / CALIBRATION_POLLS;
    await after?.(tabId);
    return {
      pollCostNs,
      run: {
        requests: count,
        pageMs: result.ms,
        drainMs: recorded.ms,
        workerCpuMs: (afterTimes.worker - before.worker - recorded.polls * pollCostNs) / 1e6,
        processCpuMs: (afterTimes.process - before.process - recorded.polls * pollCostNs) / 1e6,
        polls: recorded.polls,
        workerThreads: [...new Set([...before.workerThreads, ...afterTimes.workerThreads])],
      },
    };
  } finally {
    await page.close();
    await pause(200);
  }
}

export async function workerCpu(
  browser: BenchBrowser,
  demo: DemoServer,
  runs: number,
  token: string,
  log: (line: string) => void,
): Promise<{ runs: CpuRun[]; pollCostMs: number[] }> {
  const pid = await extensionProcess(browser.userDataDir);
  const results: CpuRun[] = [];
  const pollCostMs: number[] = [];
  for (let index = -1; index < runs; index++) {
    const { run, pollCostNs } = await measuredStorm(browser, demo, pid, 1000, token);
    log(
      `  run ${index < 0 ? 'warm-up' : index + 1}: worker ${run.workerCpuMs.toFixed(0)} ms CPU, process ${run.processCpuMs.toFixed(0)} ms (page ${run.pageMs.toFixed(0)} ms, drain ${run.drainMs.toFixed(0)} ms)`,
    );
    if (index < 0) continue;
    results.push(run);
    pollCostMs.push(pollCostNs / 1e6);
  }
  return { runs: results, pollCostMs };
}

export interface BigStorm {
  run: CpuRun;
  sessionBytes: number;
  history: HistorySummary;
  extensionRssBytes: { before: number; after: number };
}

/** A 10,000-request storm in one tab: storage.session bytes for the tab once all is recorded. */
export async function bigStorm(browser: BenchBrowser, demo: DemoServer, token: string): Promise<BigStorm> {
  const pid = await extensionProcess(browser.userDataDir);
  const rssBefore = await residentBytes(pid);
  let bytes = Number.NaN;
  let history: HistorySummary = { recorded: 0, kept: 0, failureCount: 0 };
  let rssAfter = Number.NaN;
  const { run } = await measuredStorm(browser, demo, pid, 10_000, token, async (tabId) => {
    bytes = await sessionBytes(browser, tabId);
    history = await historySummary(browser, tabId);
    rssAfter = await residentBytes(pid);
  });
  return { run, sessionBytes: bytes, history, extensionRssBytes: { before: rssBefore, after: rssAfter } };
}

export async function workerFigures(context: BenchContext): Promise<Figure[]> {
  const { browsers, demo, token } = context;
  context.progress('worker CPU per 1,000 observed requests');
  const cpu = await workerCpu(browsers.inspector, demo, context.pairs, token, context.detail);
  if (cpu.runs.some((run) => run.workerThreads.length !== 1)) {
    context.progress('warning: the worker thread changed during a run (worker restarted): CPU undercounted');
  }
  const worker = cpu.runs.map((run) => run.workerCpuMs);
  const processCpu = cpu.runs.map((run) => run.processCpuMs);
  context.progress('10,000-request storm: storage.session bytes for the tab');
  const big = await bigStorm(browsers.inspector, demo, token);
  return [
    figure({
      number: '10a',
      name: 'Worker CPU per 1,000 observed requests',
      value: round(median(worker)),
      unit: 'ms',
      text: `${ms(median(worker))} (extension process ${ms(median(processCpu))}; in a 10k storm ${ms(big.run.workerCpuMs / 10)})`,
      method:
        "time on CPU of the extension process's ServiceWorker thread (/proc/<pid>/task/<tid>/schedstat), from before a 1,000-request storm (20 at a time, ¼ 401, Bearer JWT) until the worker has stored all 1,000 (+300 ms); status polls (every 500 ms) measured on the idle worker and subtracted; no profiler attached; median of runs",
      pairs: worker.length,
      medians: {
        workerCpuMs: round(median(worker)),
        processCpuMs: round(median(processCpu)),
        pollCostMs: round(median(cpu.pollCostMs)),
        drainMs: round(median(cpu.runs.map((run) => run.drainMs))),
        pageMs: round(median(cpu.runs.map((run) => run.pageMs))),
        workerCpuPer1000In10kStormMs: round(big.run.workerCpuMs / 10),
      },
      samples: {
        workerCpuMs: rounded(worker),
        processCpuMs: rounded(processCpu),
        pollCostMs: rounded(cpu.pollCostMs),
      },
      extra: { runs: cpu.runs, bigStorm: big.run },
    }),
    figure({
      number: '10b',
      name: 'storage.session per tab after 10,000 requests',
      value: big.sessionBytes,
      unit: 'bytes',
      text: `${kb(big.sessionBytes)} (${big.history.kept} kept, ${big.history.failureCount} failures counted; extension RSS ${(big.extensionRssBytes.after / 2 ** 20).toFixed(0)} MB)`,
      budget: { op: '<=', limit: 2 * KB * KB, text: '≤ 2 MB', kind: 'size' },
      method:
        'storage.session.getBytesInUse("tab:<id>") once the worker has recorded all 10,000 requests of one tab (20 at a time, ¼ 401, Bearer JWT); extension process VmRSS before/after beside it',
      extra: { history: big.history, extensionRssBytes: big.extensionRssBytes, storm: big.run },
    }),
  ];
}
