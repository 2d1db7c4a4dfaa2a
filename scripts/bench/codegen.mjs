// Codegen time: openapi-typescript on openapi.yaml with the options of scripts/generate.mjs, written
// to a temporary file (src/generated/ is never touched). Each run is a fresh process, as under
// `npm run generate`; one unmeasured run warms the file cache, then the median of five.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { codegenCommand } from '../codegen-options.mjs';
import { medianTime } from './median-time.mjs';

const RUNS = 5;
const root = fileURLToPath(new URL('../..', import.meta.url));

export const codegenTime = {
  id: 'codegenTime',
  name: 'Codegen (openapi-typescript)',
  unit: 'ms',
  target: null,
  async measure() {
    const dir = mkdtempSync(join(tmpdir(), 'conomy-bench-codegen-'));
    try {
      const args = codegenCommand(join(dir, 'openapi.ts'));
      const { medianMs, runsMs } = medianTime(RUNS, () => {
        const result = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
        if (result.status !== 0) throw new Error(`openapi-typescript failed: ${result.stderr || result.stdout}`);
      });
      const sorted = runsMs.map(Math.round).sort((a, b) => a - b);
      return {
        value: Math.round(medianMs),
        details: { summary: `median of ${RUNS} runs (${sorted.join(', ')} ms)`, runsMs: sorted },
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
