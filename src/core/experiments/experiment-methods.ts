/**
 * Safe methods only (RFC 9110 §9.2.1): an experiment never repeats a write. A module of its own so
 * that the message protocol, which every extension page loads, does not pull in the planner.
 */
export const EXPERIMENT_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);
