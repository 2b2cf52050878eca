import type { Facts } from '../facts.ts';
import type { Evidence } from './cause.ts';

/** Where the server's words match `pattern`, quoted as evidence with the place they were read. */
export function quoteMatch(facts: Facts, pattern: RegExp): Evidence | undefined {
  const description = facts.bearerError?.description;
  if (description && pattern.test(description)) {
    return { source: 'response-header', text: `WWW-Authenticate error_description="${description}"` };
  }
  const body = facts.exchange.responseBody?.text.slice(0, 4096);
  if (!body) return undefined;
  const match = pattern.exec(body);
  if (!match) return undefined;
  const start = Math.max(0, match.index - 60);
  const end = match.index + match[0].length + 60;
  const quote = `${start > 0 ? '…' : ''}${body.slice(start, end).trim()}${end < body.length ? '…' : ''}`;
  return { source: 'response-body', text: quote };
}
