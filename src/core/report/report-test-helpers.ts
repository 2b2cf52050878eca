import { expect } from 'vitest';
import { type ExchangeInput, makeExchange } from '../../../test/make-exchange.ts';
import { diagnose } from '../diagnose.ts';
import { buildMarkdownReport, REPORT_FOOTER } from './markdown-report.ts';

export const NOW = Date.UTC(2026, 10, 21, 12, 0, 0);
export const MIN = 60_000;

/** An exchange diagnosed by the real engine and reported five minutes later. */
export function reportFor(input: ExchangeInput, extra: { tabUrl?: string; exchange?: object } = {}) {
  const exchange = { ...makeExchange(input), ...extra.exchange };
  const diagnosis = diagnose(exchange, { now: NOW });
  const markdown = buildMarkdownReport({
    exchange,
    diagnosis,
    now: NOW + 5 * MIN,
    ...(extra.tabUrl === undefined ? {} : { tabUrl: extra.tabUrl }),
  });
  return { exchange, diagnosis, markdown };
}

/** The report's lines outside fenced code blocks, and the blocks' contents. */
export function outline(markdown: string): { outside: string[]; blocks: string[] } {
  const outside: string[] = [];
  const blocks: string[] = [];
  let fence: string | undefined;
  let block: string[] = [];
  for (const line of markdown.split('\n')) {
    if (fence === undefined) {
      const open = /^(`{3,})[^`]*$/.exec(line);
      if (open?.[1]) {
        fence = open[1];
        block = [];
      } else outside.push(line);
    } else if (line.startsWith(fence) && /^`+\s*$/.test(line)) {
      blocks.push(block.join('\n'));
      fence = undefined;
    } else block.push(line);
  }
  expect(fence, 'every fenced block is closed').toBeUndefined();
  return { outside, blocks };
}

/** A line with its inline code spans removed (CommonMark §6.1: a span closes on an equal run). */
export function withoutCodeSpans(line: string): string {
  let out = '';
  let index = 0;
  while (index < line.length) {
    const run = /^`+/.exec(line.slice(index))?.[0];
    if (!run) {
      out += line.charAt(index++);
      continue;
    }
    const close = new RegExp(`(?<!\`)${run}(?!\`)`).exec(line.slice(index + run.length));
    if (!close) {
      out += run;
      index += run.length;
    } else index += run.length + close.index + run.length;
  }
  return out;
}

const HEADINGS = [
  /^### Auth failure: \S/,
  /^### Auth Inspector experiment: \S/,
  /^#### Request$/,
  /^#### Token request$/,
  /^#### Server response$/,
  /^#### Credentials sent$/,
  /^#### Cookies$/,
  /^#### Decoded JWT \(`[^`]+`\)$/,
  /^#### Likely causes$/,
  /^#### Experiments$/,
];

/** Structure page content must not be able to change: headings, tables, HTML, the footer. */
export function expectWellFormed(markdown: string): void {
  const { outside } = outline(markdown);
  for (const line of outside) {
    const prose = withoutCodeSpans(line);
    if (/^\s{0,3}#/.test(line))
      expect(
        HEADINGS.some((heading) => heading.test(line)),
        line,
      ).toBe(true);
    expect(prose.includes('<'), `raw "<" outside code: ${line.slice(0, 80)}`).toBe(false);
    if (line.startsWith('|')) {
      const pipes = prose.replace(/\\\\/g, '').match(/(?<!\\)\|/g) ?? [];
      expect(pipes.length, `table row with extra cells: ${line.slice(0, 80)}`).toBe(3);
    }
  }
  expect(markdown.trimEnd().endsWith(`_${REPORT_FOOTER}_`)).toBe(true);
}
