import { describe, expect, it } from 'vitest';
import { findSwitches, SWITCH_GRACE_MS, type SwitchCandidate } from './token-switches.ts';

const MINUTE = 60_000;
const seen = (
  fingerprint: string,
  firstSeen: number,
  lastSeen: number,
  slot = 'authorization',
): SwitchCandidate => ({
  fingerprint,
  slot,
  firstSeen,
  lastSeen,
});

describe('findSwitches', () => {
  it('follows a chain of refreshes in one slot', () => {
    expect(
      findSwitches([
        seen('a', 0, 9 * MINUTE),
        seen('b', 10 * MINUTE, 19 * MINUTE),
        seen('c', 20 * MINUTE, 25 * MINUTE),
      ]),
    ).toEqual([
      { at: 10 * MINUTE, from: 'a', to: 'b' },
      { at: 20 * MINUTE, from: 'b', to: 'c' },
    ]);
  });

  it('allows requests already in flight with the old token just after the new one appears', () => {
    expect(
      findSwitches([seen('a', 0, 10 * MINUTE + SWITCH_GRACE_MS), seen('b', 10 * MINUTE, 20 * MINUTE)]),
    ).toHaveLength(1);
    expect(findSwitches([seen('a', 0, 11 * MINUTE), seen('b', 10 * MINUTE, 20 * MINUTE)])).toEqual([]);
  });

  it('does not take over a credential in another header', () => {
    expect(findSwitches([seen('key', 0, MINUTE, 'x-api-key'), seen('jwt', 2 * MINUTE, 3 * MINUTE)])).toEqual(
      [],
    );
  });

  it('takes over from the latest to stop, and forgets the others', () => {
    const switches = findSwitches([
      seen('a', 0, 4 * MINUTE),
      seen('b', MINUTE, 5 * MINUTE), // used alongside a: no switch
      seen('c', 6 * MINUTE, 7 * MINUTE),
      seen('d', 60 * MINUTE, 61 * MINUTE),
    ]);
    expect(switches.map((change) => `${change.from}>${change.to}`)).toEqual(['b>c', 'c>d']);
  });
});
