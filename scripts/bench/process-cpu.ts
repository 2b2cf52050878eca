import { readdir, readFile } from 'node:fs/promises';
import { threadTimes } from './browsers.ts';

/**
 * CPU time of a whole browser: the browser process and every process it started (renderers, the
 * GPU and network services, extension processes, zygotes), from Linux /proc. Each thread's
 * `schedstat` gives its time on CPU in nanoseconds, finer than the 10 ms ticks of `stat`.
 */

async function parentOf(pid: string): Promise<number | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  // The command name (field 2) is in parentheses and may hold spaces: read after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const parent = Number(fields[1]);
  return Number.isFinite(parent) ? parent : undefined;
}

/** The pid and every descendant of it that is alive now. */
export async function processTree(root: number): Promise<number[]> {
  const children = new Map<number, number[]>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const parent = await parentOf(entry);
    if (parent === undefined) continue;
    const list = children.get(parent) ?? [];
    list.push(Number(entry));
    children.set(parent, list);
  }
  const tree: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift() as number;
    tree.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}

/**
 * A browser's CPU clock: the tree is read again on every call (renderers come and go with tabs), and
 * the time of a process that has exited since the last call is kept, so the clock never goes back.
 */
export class BrowserCpu {
  private readonly last = new Map<number, number>();
  private retired = 0;

  constructor(private readonly root: number) {}

  /** Nanoseconds on CPU since the browser started. */
  async now(): Promise<number> {
    const pids = await processTree(this.root);
    const seen = new Set(pids);
    for (const [pid, ns] of this.last) {
      if (!seen.has(pid)) {
        this.retired += ns;
        this.last.delete(pid);
      }
    }
    let total = this.retired;
    const times = await Promise.all(pids.map(async (pid) => (await threadTimes(pid)).process));
    pids.forEach((pid, index) => {
      const ns = Math.max(times[index] as number, this.last.get(pid) ?? 0);
      this.last.set(pid, ns);
      total += ns;
    });
    return total;
  }
}
