import type { TokenSwitch } from './token-timeline.ts';

/**
 * Requests built with the old token just before a refresh can start just after it (an app
 * fires several at once), so the old one may still appear this long after the new one.
 */
export const SWITCH_GRACE_MS = 30_000;

export interface SwitchCandidate {
  fingerprint: string;
  /** Where it travels: a refresh replaces the token in the same header, not another one. */
  slot: string;
  firstSeen: number;
  lastSeen: number;
}

/**
 * The moves from one credential to the next: when a credential first appears, the one it took
 * over from is the credential in the same slot that stopped being sent around then (the latest
 * to stop, when several did). A credential that carries on being sent is not taken over: it is
 * used alongside. Input in first-seen order.
 */
export function findSwitches(credentials: readonly SwitchCandidate[]): TokenSwitch[] {
  const switches: TokenSwitch[] = [];
  // Per slot, the credentials that may still be taken over.
  const open = new Map<string, SwitchCandidate[]>();
  for (const next of credentials) {
    const pool = open.get(next.slot) ?? [];
    let from: SwitchCandidate | undefined;
    const stillInUse: SwitchCandidate[] = [];
    for (const candidate of pool) {
      const stopped =
        candidate.firstSeen < next.firstSeen &&
        candidate.lastSeen <= next.firstSeen + SWITCH_GRACE_MS &&
        candidate.lastSeen <= next.lastSeen;
      if (!stopped) stillInUse.push(candidate);
      else if (!from || candidate.lastSeen > from.lastSeen) from = candidate;
    }
    // Stopped credentials not chosen are left behind: the slot has moved on, and a credential
    // that appears an hour later did not take over from them.
    if (from) switches.push({ at: next.firstSeen, from: from.fingerprint, to: next.fingerprint });
    stillInUse.push(next);
    open.set(next.slot, stillInUse);
  }
  return switches;
}
