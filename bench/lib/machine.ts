// What the numbers were measured on: they mean little without the machine and its load.
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { run } from './proc';

export interface Machine {
  cores: number;
  cpuModel: string;
  memoryGb: number;
  node: string;
  git: string;
  platform: string;
  /** 1, 5 and 15 minute load averages when the run started and when it ended. */
  loadStart: number[];
  loadEnd?: number[];
}

export async function describeMachine(): Promise<Machine> {
  const gitVersion = await run('git', ['--version'], { cwd: process.cwd() }).then((r) => r.stdout.trim().replace(/^git version /, ''), () => 'not found');
  return {
    cores: availableParallelism(),
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    memoryGb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    git: gitVersion,
    platform: `${process.platform} ${process.arch}`,
    loadStart: loadNow(),
  };
}

export function loadNow(): number[] {
  return loadavg().map((x) => Math.round(x * 100) / 100);
}

export function machineLine(m: Machine): string {
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
  return [
    `${m.cores} cores (${m.cpuModel}), ${m.memoryGb} GB, ${m.platform}`,
    `Node ${m.node}, git ${m.git}`,
    `load average ${load(m.loadStart)} at start${m.loadEnd ? `, ${load(m.loadEnd)} at end` : ''}`,
  ].join('; ');
}
