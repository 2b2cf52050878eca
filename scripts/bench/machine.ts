import { cpus, loadavg, release, totalmem } from 'node:os';

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  chromium: string;
  node: string;
  date: string;
  loadAverageAtStart: number[];
  loadAverageAtEnd?: number[];
}

/** The machine at the start of the run; `chromium` is filled in once a browser has said. */
export function describeMachine(chromium = 'unknown'): Machine {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryGiB: Number((totalmem() / 2 ** 30).toFixed(1)),
    os: `${process.platform} ${release()}`,
    chromium,
    node: process.version,
    date: new Date().toISOString(),
    loadAverageAtStart: loadavg().map((value) => Number(value.toFixed(2))),
  };
}
