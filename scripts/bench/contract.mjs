// Contract run wall time: the whole `npm run contract` job as a user runs it, Prism start and stop
// included, in a fresh process. One run: it takes seconds, and the figure is judged against 30 s.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export const contractWallTime = {
  id: 'contractWallTime',
  name: 'Contract run wall time (mock, Prism start included)',
  unit: 's',
  target: 30,
  async measure() {
    const vitest = join(root, 'node_modules/vitest/vitest.mjs');
    const started = performance.now();
    const result = spawnSync(process.execPath, [vitest, 'run', '--project', 'contract'], {
      cwd: root,
      encoding: 'utf8',
      env: process.env,
    });
    const seconds = (performance.now() - started) / 1000;
    if (result.status !== 0) {
      throw new Error(`the contract run failed (exit ${result.status}); run npm run contract to see why`);
    }
    const summary = result.stdout.split('\n').find((line) => line.startsWith('operations:')) ?? 'summary line not found';
    return { value: Math.round(seconds * 10) / 10, details: { summary } };
  },
};
