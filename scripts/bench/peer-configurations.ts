import { existsSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as pause } from 'node:timers/promises';
import { generateCACertificate, generateSPKIFingerprint, getLocal, type Mockttp } from 'mockttp';
import { CHROME_BUILD } from '../../e2e/support/chromium.ts';
import { FLOOR_EXTENSION } from './browsers.ts';
import { PipeBrowser, type Tab } from './cdp-pipe.ts';
import { BrowserCpu } from './process-cpu.ts';

/**
 * The configurations the peer comparison runs side by side, each a browser launched once and kept
 * open: no extension; the floor (webRequest + all hosts, no listener); DevTools open on the tab;
 * two always-on extensions people keep installed (copied from ../shared/bench-peers, since Chromium
 * writes into an unpacked extension's folder); an intercepting proxy (mockttp, HTTP Toolkit's
 * engine); and Auth Inspector. BENCH_COMPARE=<unpacked build> adds another build of Auth Inspector
 * to the same run (a before/after in one table).
 */
export type ConfigurationName =
  | 'none'
  | 'floor'
  | 'devtools'
  | 'wappalyzer'
  | 'privacy-badger'
  | 'proxy'
  | 'inspector'
  | 'compared';

export const CONFIGURATION_LABELS: Record<ConfigurationName, string> = {
  none: 'no extension',
  floor: 'floor (webRequest + all hosts, no listener)',
  devtools: 'DevTools open on the tab (CDP Network + Audits)',
  wappalyzer: 'Wappalyzer MV3 (three type-filtered onCompleted)',
  'privacy-badger': 'Privacy Badger MV3 (three listeners, two with extraHeaders)',
  proxy: 'intercepting proxy (mockttp, HTTP Toolkit’s engine)',
  inspector: 'Auth Inspector',
  compared: 'Auth Inspector, compared build',
};

export interface Configuration {
  name: ConfigurationName;
  browser: PipeBrowser;
  cpu: BrowserCpu;
  /** Prepares a fresh tab before a workload (DevTools opens its agents on it). */
  prepareTab(tab: Tab): Promise<void>;
  close(): Promise<void>;
}

const PEERS = resolve(import.meta.dirname, '../../../shared/bench-peers');

async function copied(folder: string): Promise<{ path: string; remove(): Promise<void> }> {
  const source = join(PEERS, folder, 'src');
  if (!existsSync(join(source, 'manifest.json'))) throw new Error(`no peer extension in ${source}`);
  const parent = await mkdtemp(join(tmpdir(), `auth-inspector-bench-peer-${folder}-`));
  const path = join(parent, folder);
  await cp(source, path, { recursive: true });
  return { path, remove: () => rm(parent, { recursive: true, force: true }) };
}

/** Waits until the browser shows an extension service worker (peers register theirs in ~1–2 s). */
async function waitForWorker(browser: PipeBrowser): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const targets = await browser.targets();
    if (
      targets.some(
        (target) => target.type === 'service_worker' && target.url.startsWith('chrome-extension://'),
      )
    )
      return;
    await pause(100);
  }
  throw new Error('the extension’s service worker did not start');
}

/** Closes tabs an extension opened on install (Privacy Badger's first-run page). */
async function closeExtensionTabs(browser: PipeBrowser): Promise<void> {
  for (const target of await browser.targets()) {
    if (target.type === 'page' && target.url.startsWith('chrome-extension://'))
      await browser.send('Target.closeTarget', { targetId: target.targetId }).catch(() => {});
  }
}

const noPreparation = async (_tab?: Tab): Promise<void> => {};

/** What DevTools' front end sends when it opens on a tab (NetworkManager, IssuesModel). */
async function openDevtoolsAgents(tab: Tab): Promise<void> {
  await tab.send('Network.enable', { maxPostDataSize: 65536, maxTotalBufferSize: 262144000 });
  await tab.send('Network.setAttachDebugStack', { enabled: true });
  await tab.send('Audits.enable');
}

async function withExtension(
  name: ConfigurationName,
  extension: string,
  cleanUp: () => Promise<void> = async () => {},
): Promise<Configuration> {
  const browser = await PipeBrowser.launch({ extensions: [extension] });
  await waitForWorker(browser);
  await pause(1_500);
  await closeExtensionTabs(browser);
  return {
    name,
    browser,
    cpu: new BrowserCpu(browser.pid),
    prepareTab: noPreparation,
    close: async () => {
      await browser.close();
      await cleanUp();
    },
  };
}

async function plain(
  name: ConfigurationName,
  prepareTab: (tab: Tab) => Promise<void> = noPreparation,
): Promise<Configuration> {
  const browser = await PipeBrowser.launch();
  return { name, browser, cpu: new BrowserCpu(browser.pid), prepareTab, close: () => browser.close() };
}

async function behindProxy(): Promise<Configuration> {
  const https = await generateCACertificate();
  const proxy: Mockttp = getLocal({ https, recordTraffic: false });
  await proxy.forAnyRequest().thenPassThrough();
  await proxy.start();
  const spki = await generateSPKIFingerprint(https.cert);
  const browser = await PipeBrowser.launch({
    args: [
      `--proxy-server=http://127.0.0.1:${proxy.port}`,
      // Without this rule Chromium sends loopback requests around the proxy.
      '--proxy-bypass-list=<-loopback>',
      `--ignore-certificate-errors-spki-list=${spki}`,
    ],
  });
  return {
    name: 'proxy',
    browser,
    cpu: new BrowserCpu(browser.pid),
    prepareTab: noPreparation,
    close: async () => {
      await browser.close();
      await proxy.stop();
    },
  };
}

export async function launchConfiguration(name: ConfigurationName): Promise<Configuration> {
  switch (name) {
    case 'none':
      return plain('none');
    case 'devtools':
      return plain('devtools', openDevtoolsAgents);
    case 'floor':
      return withExtension('floor', FLOOR_EXTENSION);
    case 'inspector':
      if (!existsSync(join(CHROME_BUILD, 'manifest.json'))) throw new Error('run `npm run build` first');
      return withExtension('inspector', CHROME_BUILD);
    case 'compared': {
      const build = process.env.BENCH_COMPARE ?? '';
      if (!existsSync(join(build, 'manifest.json'))) throw new Error(`BENCH_COMPARE: no build in ${build}`);
      return withExtension('compared', resolve(build));
    }
    case 'wappalyzer':
    case 'privacy-badger': {
      const copy = await copied(name);
      return withExtension(name, copy.path, copy.remove);
    }
    case 'proxy':
      return behindProxy();
  }
}
