import type { ParallelUse } from './token-timeline.ts';

/** Interleaving counts when the four alternating uses (A B A B) fall within this span. */
export const PARALLEL_WINDOW_MS = 5 * 60_000;

/**
 * How far back, in runs, a credential's previous use is looked for. Bounds the work on hostile
 * histories (a thousand distinct credentials between two uses is not interleaving anyone reads).
 */
const MAX_RUNS_BETWEEN = 500;

export interface CredentialUse {
  fingerprint: string;
  at: number;
}

/** Consecutive uses of one credential, folded. */
interface Run {
  fingerprint: string;
  start: number;
  end: number;
  /** Index of the previous run of the same credential, -1 for its first. */
  previous: number;
}

/**
 * Stretches of time in which two or more credentials were each used at least twice, alternating
 * (A B A B) within five minutes: two tabs or modules holding different tokens, or a refresh
 * race. Input: every credentialed exchange, oldest first.
 */
export function findParallelUse(uses: readonly CredentialUse[]): ParallelUse[] {
  const runs = toRuns(uses);
  const found: { from: number; to: number; fingerprints: Set<string> }[] = [];
  for (let now = 0; now < runs.length; now++) {
    const current = runs[now];
    if (!current || current.previous < 0 || now - current.previous > MAX_RUNS_BETWEEN) continue;
    // Pattern Y X Y X ending with `current` (X): some Y used between X's last run and now that
    // had also been used before that run, recently enough.
    for (let between = current.previous + 1; between < now; between++) {
      const other = runs[between];
      const before = other ? runs[other.previous] : undefined;
      if (!other || !before || other.previous > current.previous) continue;
      if (current.start - before.end > PARALLEL_WINDOW_MS) continue;
      addInterval(found, before.end, current.start, [other.fingerprint, current.fingerprint]);
    }
  }
  // Listed in the order the credentials were first used, like the timelines.
  const firstUse = new Map<string, number>();
  runs.forEach((run, index) => {
    if (!firstUse.has(run.fingerprint)) firstUse.set(run.fingerprint, index);
  });
  const order = (fingerprint: string) => firstUse.get(fingerprint) ?? 0;
  return found.map(({ from, to, fingerprints }) => ({
    from,
    to,
    fingerprints: [...fingerprints].sort((a, b) => order(a) - order(b)),
  }));
}

function toRuns(uses: readonly CredentialUse[]): Run[] {
  const runs: Run[] = [];
  const lastRun = new Map<string, number>();
  for (const use of uses) {
    const last = runs[runs.length - 1];
    if (last && last.fingerprint === use.fingerprint) {
      last.end = use.at;
      continue;
    }
    runs.push({
      fingerprint: use.fingerprint,
      start: use.at,
      end: use.at,
      previous: lastRun.get(use.fingerprint) ?? -1,
    });
    lastRun.set(use.fingerprint, runs.length - 1);
  }
  return runs;
}

/**
 * Detections arrive with non-decreasing ends; an overlapping one joins the newest interval,
 * which may then reach back over older ones and absorb them.
 */
function addInterval(
  found: { from: number; to: number; fingerprints: Set<string> }[],
  from: number,
  to: number,
  fingerprints: string[],
): void {
  const newest = found[found.length - 1];
  if (!newest || from > newest.to) {
    found.push({ from, to, fingerprints: new Set(fingerprints) });
    return;
  }
  newest.from = Math.min(newest.from, from);
  newest.to = Math.max(newest.to, to);
  for (const fingerprint of fingerprints) newest.fingerprints.add(fingerprint);
  for (;;) {
    const last = found[found.length - 1];
    const older = found[found.length - 2];
    if (!last || !older || older.to < last.from) return;
    older.from = Math.min(older.from, last.from);
    older.to = Math.max(older.to, last.to);
    for (const fingerprint of last.fingerprints) older.fingerprints.add(fingerprint);
    found.pop();
  }
}
