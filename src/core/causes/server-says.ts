import type { Facts } from '../facts.ts';

/**
 * What the server's own words say, matched on stable codes before prose: the challenge's
 * error_description and the start of the response body.
 */
export function serverText(facts: Facts): string {
  const description = facts.bearerError?.description ?? '';
  const body = facts.exchange.responseBody?.text.slice(0, 4096) ?? '';
  return `${description}\n${body}`;
}

/** The first line of server text that matches, quoted as evidence. */
export function quoteMatch(facts: Facts, pattern: RegExp): string | undefined {
  if (facts.bearerError?.description && pattern.test(facts.bearerError.description)) {
    return `error_description="${facts.bearerError.description}"`;
  }
  const body = facts.exchange.responseBody?.text.slice(0, 4096);
  if (!body) return undefined;
  const match = pattern.exec(body);
  if (!match) return undefined;
  const start = Math.max(0, match.index - 60);
  return `…${body.slice(start, match.index + match[0].length + 60).trim()}…`;
}
