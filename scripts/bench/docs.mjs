// Docs build wall time: `npm run docs` (lint, code samples, Redoc, the register and drift pages) in a
// fresh process, into a temporary directory (site/ is not touched). One unmeasured run warms the
// file cache, then the median of three, judged against 10 s.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { medianTime } from './median-time.mjs';

const RUNS = 3;
const root = fileURLToPath(new URL('../..', import.meta.url));

export const docsBuildTime = {
  id: 'docsBuildTime',
  name: 'Docs build (npm run docs)',
  unit: 's',
  target: 10,
  async measure() {
    const dir = mkdtempSync(join(tmpdir(), 'conomy-bench-docs-'));
    try {
      const { medianMs, runsMs } = medianTime(RUNS, () => {
        const build = spawnSync(process.execPath, ['scripts/docs/build.mjs', '--out', join(dir, 'site')], { cwd: root, encoding: 'utf8' });
        if (build.status !== 0) throw new Error(`the docs build failed (exit ${build.status}): ${build.stderr || build.stdout}`);
      });
      const seconds = (ms) => Math.round(ms / 100) / 10;
      return { value: seconds(medianMs), details: { summary: `median of ${RUNS} runs (${runsMs.map(seconds).join(', ')} s)` } };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
