// Proves every house rule in redocly.yaml. The good fixture must lint clean (house rules and
// recommended-strict). Each case breaks that fixture in one place and must get exactly its rule's
// error at that place. All documents are linted by one CLI call, to keep the suite fast.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { lintFiles, type LintProblem } from '../../lib/redocly-lint.mjs';
import { escapeSegment } from '../../lib/spec/index.mjs';
import { brokenCases, stillGoodCases, type Path } from './house-rules.cases.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const goodFixture = join(repoRoot, 'tests/lint/fixtures/good.yaml');

/** JSON pointer as Redocly prints it: `#/` then the segments, `/` and `~` escaped, nothing else. */
function toRedoclyPointer(path: Path): string {
  return '#/' + path.map((segment) => escapeSegment(String(segment))).join('/');
}

function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

const lint = (files: string[]) => lintFiles(files, { lintConfig: 'error' });

describe('house lint rules (redocly.yaml)', () => {
  let workDir: string;
  let problemsByFile: Map<string, LintProblem[]>;
  const fileOf = (name: string) => join(workDir, `${slug(name)}.yaml`);

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'house-rules-'));
    const good = await readFile(goodFixture, 'utf8');
    for (const { name, edit } of [...brokenCases, ...stillGoodCases]) {
      const doc = parseDocument(good);
      edit(doc);
      await writeFile(fileOf(name), doc.toString());
    }
    const files = [goodFixture, ...[...brokenCases, ...stillGoodCases].map(({ name }) => fileOf(name))];
    problemsByFile = await lint(files);
  }, 60_000);

  afterAll(async () => {
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it('accepts the good fixture with zero problems', () => {
    expect(problemsByFile.get(goodFixture)).toEqual([]);
  });

  it('covers every house rule configured in redocly.yaml', async () => {
    const config = await readFile(join(repoRoot, 'redocly.yaml'), 'utf8');
    const configured = [...config.matchAll(/^ {2}(rule\/[\w-]+):/gm)].map((match) => match[1]);
    expect(new Set(brokenCases.map(({ rule }) => rule))).toEqual(new Set(configured));
  });

  it.each(stillGoodCases)('accepts: $name', ({ name }) => {
    expect(problemsByFile.get(fileOf(name))).toEqual([]);
  });

  it.each(brokenCases)('$rule reports: $name', ({ name, rule, at, alsoReported = [] }) => {
    const problems = problemsByFile.get(fileOf(name)) ?? [];
    expect(problems.map(({ ruleId }) => ruleId).sort()).toEqual([rule, ...alsoReported].sort());
    const houseProblem = problems.find(({ ruleId }) => ruleId === rule);
    expect(houseProblem?.location[0]?.pointer).toBe(toRedoclyPointer(at));
  });
});
