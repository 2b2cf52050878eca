import { median, ratios, round } from './stats.ts';

/** One line of the benchmark's table, with everything it was computed from for results.json. */
export type Outcome = 'pass' | 'FAIL' | 'report' | 'OVER' | 'n/a';

export interface Budget {
  op: '<=' | '>=';
  limit: number;
  text: string;
  /** Only timing budgets make `--check` fail; sizes are checked by `npm run size`. */
  kind: 'timing' | 'size';
}

export interface Figure {
  number: string;
  name: string;
  value: number;
  unit: string;
  /** The value as the table shows it. */
  text: string;
  budget?: Budget;
  outcome: Outcome;
  method: string;
  /** Pairs (or runs) behind the median, when the figure is timed. */
  pairs?: number;
  medians?: Record<string, number>;
  samples?: Record<string, number[] | number>;
  extra?: Record<string, unknown>;
}

/** The table's order. */
export const FIGURE_ORDER = [
  'G1 load',
  'G1 api',
  'G1 storm',
  'G2 start',
  'G2 end',
  'G3 load',
  'G3 api',
  'G3 storm',
  'F load',
  'F api',
  'F storm',
  '1',
  '2',
  '3',
  '3f',
  '4',
  '4f',
  '5a',
  '5b',
  '5c',
  '6',
  '7',
  '8a',
  '8b',
  '9',
  '10a',
  '10b',
];

export const KB = 1024;
export const ms = (value: number, digits = 0) => `${value.toFixed(digits)} ms`;
export const times = (value: number) => `×${value.toFixed(3)}`;
export const kb = (bytes: number) => `${(bytes / KB).toFixed(1)} KB`;
export const rounded = (values: readonly number[], digits = 3) => values.map((value) => round(value, digits));

export function judge(value: number, budget: Budget | undefined): Outcome {
  if (!budget) return 'report';
  if (!Number.isFinite(value)) return 'n/a';
  const met = budget.op === '<=' ? value <= budget.limit : value >= budget.limit;
  if (met) return 'pass';
  return budget.kind === 'timing' ? 'FAIL' : 'OVER';
}

export function figure(fields: Omit<Figure, 'outcome'>): Figure {
  return { ...fields, outcome: judge(fields.value, fields.budget) };
}

export interface Series {
  label: string;
  samples: number[];
}

/** A with-extension ÷ baseline figure: the median of per-pair ratios (each pair ran back to back). */
export function ratioFigure(
  fields: { number: string; name: string; method: string; budget?: number; extra?: Record<string, unknown> },
  a: Series,
  b: Series,
): Figure {
  const perPair = ratios(a.samples, b.samples);
  const value = median(perPair);
  const { budget, extra, ...rest } = fields;
  return figure({
    ...rest,
    value: round(value, 4),
    unit: 'ratio',
    text: `${times(value)} (${ms(median(a.samples))} / ${ms(median(b.samples))})`,
    ...(budget === undefined
      ? {}
      : { budget: { op: '<=', limit: budget, text: `≤ ${times(budget)}`, kind: 'timing' } as const }),
    pairs: perPair.length,
    medians: {
      [a.label]: round(median(a.samples)),
      [b.label]: round(median(b.samples)),
      ratioOfMedians: round(median(a.samples) / median(b.samples), 4),
    },
    samples: { [a.label]: rounded(a.samples), [b.label]: rounded(b.samples), ratios: rounded(perPair, 4) },
    ...(extra ? { extra } : {}),
  });
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

export function table(figures: Figure[]): string {
  const rows = [
    ['#', 'figure', 'value', 'budget', 'result'],
    ...figures.map((item) => [item.number, item.name, item.text, item.budget?.text ?? '—', item.outcome]),
  ];
  const widths = [0, 1, 2, 3, 4].map((column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  const line = (row: string[]) =>
    row
      .map((cell, column) => pad(cell, widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [line(rows[0] as string[]), rule, ...rows.slice(1).map(line)].join('\n');
}
