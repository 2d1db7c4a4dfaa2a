// `npm run generate:check` fails when src/generated/ is stale, naming the file and its source: the
// types (and the operations table, when an operation changed) when openapi.yaml changed, the version
// when package.json did. Run in a scratch copy.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function copy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'generate-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'scripts'));
  for (const file of ['scripts/generate.mjs', 'scripts/codegen-options.mjs', 'scripts/redocly.codegen.yaml', 'openapi.yaml', 'package.json']) {
    cpSync(join(root, file), join(dir, file));
  }
  for (const folder of ['lib', 'src/generated']) cpSync(join(root, folder), join(dir, folder), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

const check = (dir: string) => spawnSync(process.execPath, ['scripts/generate.mjs', '--check'], { cwd: dir, encoding: 'utf8' });

/** generate:check in a copy whose openapi.yaml has `from` replaced by `to`. */
function checkWithSpecEdit(from: string, to: string) {
  const dir = copy();
  const spec = readFileSync(join(dir, 'openapi.yaml'), 'utf8');
  expect(spec).toContain(from);
  writeFileSync(join(dir, 'openapi.yaml'), spec.replace(from, to));
  return check(dir);
}

describe('generate:check', () => {
  it('passes on the committed files', () => {
    const run = check(copy());
    expect(run.status, run.stderr).toBe(0);
  }, 30_000);

  it('names version.ts when package.json has another version, and generate mends it', () => {
    const dir = copy();
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string };
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ ...manifest, version: '9.9.9' }));
    const stale = check(dir);
    expect(stale.status).toBe(1);
    expect(stale.stderr).toMatch(/src\/generated\/version\.ts is stale: it does not match what is generated from package\.json and openapi\.yaml/);
    expect(stale.stderr).not.toMatch(/(openapi|operations)\.ts is stale/);
    execFileSync(process.execPath, ['scripts/generate.mjs'], { cwd: dir });
    expect(readFileSync(join(dir, 'src/generated/version.ts'), 'utf8')).toContain('export const VERSION = "9.9.9";');
    expect(check(dir).status).toBe(0);
  }, 30_000);

  it('names openapi.ts when openapi.yaml changed', () => {
    const stale = checkWithSpecEdit('The kind of Conomy account.', 'The kind of account at Conomy.');
    expect(stale.status).toBe(1);
    expect(stale.stderr).toMatch(/src\/generated\/openapi\.ts is stale: it does not match what is generated from openapi\.yaml \(first difference at line \d+\)/);
    expect(stale.stderr).not.toMatch(/operations\.ts is stale/);
  }, 30_000);

  it('names operations.ts (and openapi.ts) when an operation changed', () => {
    const stale = checkWithSpecEdit('operationId: getPayment\n', 'operationId: getPaymentById\n');
    expect(stale.status).toBe(1);
    expect(stale.stderr).toMatch(/src\/generated\/operations\.ts is stale: it does not match what is generated from openapi\.yaml/);
    expect(stale.stderr).toMatch(/src\/generated\/openapi\.ts is stale/);
  }, 30_000);
});
