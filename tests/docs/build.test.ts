// `npm run docs` lints first: a spec with lint errors builds nothing and leaves a previous site as it was.
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

describe('docs build with a spec that fails lint', { timeout: 30_000 }, () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'docs-build-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('exits non-zero, says why, and writes no site', async () => {
    const spec = join(dir, 'broken.yaml');
    await writeFile(spec, 'openapi: 3.1.0\ninfo:\n  title: Broken\npaths: {}\n'); // info.version is missing
    const previousSite = join(dir, 'site');
    await mkdir(previousSite);
    await writeFile(join(previousSite, 'index.html'), 'previous build');

    const run = spawnSync(process.execPath, ['scripts/docs/build.mjs', '--spec', spec, '--out', previousSite], {
      cwd: repoRoot,
      encoding: 'utf8',
    });

    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`docs: ${spec} has lint errors`);
    expect(run.stderr).toContain('nothing was built');
    expect(await readdir(dir)).toEqual(['broken.yaml', 'site'].sort());
    expect(await readdir(previousSite)).toEqual(['index.html']);
    expect(await readFile(join(previousSite, 'index.html'), 'utf8')).toBe('previous build');
  });
});
