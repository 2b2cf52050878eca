import type { Exchange } from '../core/exchange.ts';

/**
 * The requests an experiment is sending right now. Network capture and DevTools see them like any
 * other request of the tab; a record that matches a running experiment (same tab and URL, the
 * experiment's method or the browser's preflight, inside its time window) is handed here instead
 * of being recorded as the app's traffic, so an experiment never counts as a failure or changes
 * the badge. The browser's preflight, which only network capture sees, is what the preflight
 * experiment reports.
 */
export interface ExperimentClaim {
  tabId: number;
  method: string;
  url: string;
  /** When sending began (ms since the epoch); records that ended before it are the app's. */
  since: number;
  /** Set once the experiment is over: records that come later than this are the app's again. */
  until?: number;
  /** The OPTIONS the browser sent ahead of the experiment's request, as network capture saw it. */
  preflight?: Exchange;
  /**
   * What each source (network capture, DevTools) has handed over already: one request and one
   * preflight each. The app's own calls to the same URL in the same moments stay the app's.
   */
  taken: Set<string>;
}

/** How long after an experiment ends a late record of its request (DevTools, a slow event) is still its own. */
const LATE_RECORD_MS = 3_000;
/** Slack between the worker's clock and the browser's event time stamps. */
const CLOCK_SLACK_MS = 250;

export class ExperimentClaims {
  readonly #claims = new Set<ExperimentClaim>();
  readonly #preflightWaiters = new Map<ExperimentClaim, () => void>();

  constructor(private readonly now: () => number = Date.now) {}

  expect(tabId: number, method: string, url: string): ExperimentClaim {
    this.#expire();
    const claim: ExperimentClaim = {
      tabId,
      method,
      url: withoutFragment(url),
      since: this.now(),
      taken: new Set(),
    };
    this.#claims.add(claim);
    return claim;
  }

  /** The experiment is over; its records may still arrive for a short while. */
  finish(claim: ExperimentClaim): void {
    claim.until = this.now();
    this.#preflightWaiters.delete(claim);
  }

  /** True when `exchange` is an experiment's own request (the caller then does not record it). */
  claim(exchange: Exchange): boolean {
    this.#expire();
    const url = withoutFragment(exchange.url);
    for (const claim of this.#claims) {
      if (claim.tabId !== exchange.tabId || claim.url !== url) continue;
      if (exchange.method !== claim.method && exchange.method !== 'OPTIONS') continue;
      if (exchange.completedAt < claim.since - CLOCK_SLACK_MS) continue;
      if (claim.until !== undefined && exchange.startedAt > claim.until + CLOCK_SLACK_MS) continue;
      // The browser's preflight comes first: for an OPTIONS experiment (a write's preflight test)
      // the first OPTIONS is the preflight, the second the experiment's own request.
      const source = exchange.sources[0] ?? 'network';
      const isPreflight =
        exchange.method === 'OPTIONS' &&
        (claim.method !== 'OPTIONS' || !claim.taken.has(`${source}:preflight`));
      const slot = `${source}:${isPreflight ? 'preflight' : 'request'}`;
      if (claim.taken.has(slot)) continue;
      claim.taken.add(slot);
      if (isPreflight && source === 'network') {
        claim.preflight = exchange;
        this.#preflightWaiters.get(claim)?.();
      }
      return true;
    }
    return false;
  }

  /**
   * The preflight network capture saw for this claim, waiting up to `waitMs` for it: the page's
   * fetch can settle (a CORS error) a moment before the worker hears of the OPTIONS.
   */
  async preflight(claim: ExperimentClaim, waitMs: number): Promise<Exchange | undefined> {
    if (claim.preflight) return claim.preflight;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, waitMs);
      this.#preflightWaiters.set(claim, () => {
        clearTimeout(timer);
        resolve();
      });
    });
    this.#preflightWaiters.delete(claim);
    return claim.preflight;
  }

  #expire(): void {
    const now = this.now();
    for (const claim of this.#claims) {
      if (claim.until !== undefined && now - claim.until > LATE_RECORD_MS) this.#claims.delete(claim);
    }
  }
}

function withoutFragment(url: string): string {
  const hash = url.indexOf('#');
  return hash === -1 ? url : url.slice(0, hash);
}
