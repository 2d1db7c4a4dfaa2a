// `npm run version:packages` (scripts/version-packages.mjs), run for real in a scratch git repository
// released as v0.2.0: the changeset's bump reaches package.json, openapi.yaml and the generated
// version, the spec diff since the tag lands in the new CHANGELOG.md entry, and a breaking spec change
// under a patch changeset stops the release with every file as it was.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';

const root = fileURLToPath(new URL('../../', import.meta.url));
const TIMEOUT = 90_000;
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const COPIED = [
  'package.json',
  'CHANGELOG.md',
  'openapi.yaml',
  '.changeset/config.json',
  'scripts/version-packages.mjs',
  'scripts/spec-diff.mjs',
  'scripts/redocly.diff.yaml',
  'scripts/generate.mjs',
  'scripts/codegen-options.mjs',
  'scripts/redocly.codegen.yaml',
];

function released(): string {
  const dir = mkdtempSync(join(tmpdir(), 'version-packages-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'scripts'));
  mkdirSync(join(dir, '.changeset'));
  for (const file of COPIED) cpSync(join(root, file), join(dir, file));
  for (const folder of ['lib', 'src/generated']) cpSync(join(root, folder), join(dir, folder), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.test', ...args], { cwd: dir, stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'release');
  git('tag', `v${version(dir)}`);
  return dir;
}

const version = (dir: string) => (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;

function changeset(dir: string, bump: 'patch' | 'minor', summary: string): void {
  writeFileSync(join(dir, '.changeset/next.md'), `---\n"@conomy/checkout-contract": ${bump}\n---\n\n${summary}\n`);
}

function editSpec(dir: string, edit: (spec: ReturnType<typeof parseDocument>) => void): void {
  const spec = parseDocument(readFileSync(join(dir, 'openapi.yaml'), 'utf8'));
  edit(spec);
  writeFileSync(join(dir, 'openapi.yaml'), spec.toString());
}

const versionPackages = (dir: string) =>
  spawnSync(process.execPath, ['scripts/version-packages.mjs'], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });

const minor = (value: string) => value.replace(/^(\d+)\.(\d+)\.\d+$/, (_, major: string, minorPart: string) => `${major}.${Number(minorPart) + 1}.0`);

describe('version:packages', () => {
  it('carries the bump into the spec and the generated version, and puts the spec diff in the entry', () => {
    const dir = released();
    const next = minor(version(dir));
    editSpec(dir, (spec) => spec.setIn(['components', 'schemas', 'PaymentLink', 'properties', 'note'], { type: 'string', description: 'A free note.' }));
    changeset(dir, 'minor', 'Payment links carry a note.');

    const run = versionPackages(dir);
    expect(run.status, run.stderr).toBe(0);
    expect(version(dir)).toBe(next);
    expect((parseDocument(readFileSync(join(dir, 'openapi.yaml'), 'utf8')).toJS() as { info: { version: string } }).info.version).toBe(next);
    expect(readFileSync(join(dir, 'src/generated/version.ts'), 'utf8')).toContain(`export const VERSION = "${next}";`);
    expect(existsSync(join(dir, '.changeset/next.md'))).toBe(false);

    const changelog = readFileSync(join(dir, 'CHANGELOG.md'), 'utf8');
    const entry = changelog.slice(changelog.indexOf(`## ${next}`), changelog.indexOf('\n## ', changelog.indexOf(`## ${next}`) + 1));
    expect(entry).toContain('Payment links carry a note.');
    expect(entry).toMatch(/### Spec changes\n\n`npm run spec:diff` against v\d+\.\d+\.\d+: 0 breaking, 1 non-breaking change\(s\)\./);
    expect(entry).toMatch(/^- Non-breaking: .*PaymentLink\/properties\/note/m);
    expect(entry, 'info.version changes in every release, so it is not listed').not.toContain('info/version');
  }, TIMEOUT);

  it('stops on a breaking spec change under a patch changeset, with every file as it was', () => {
    const dir = released();
    editSpec(dir, (spec) => {
      const required = spec.getIn(['components', 'schemas', 'PaymentLink', 'required']) as { items: unknown[] } | undefined;
      expect(required?.items.length, 'PaymentLink has required properties to remove').toBeGreaterThan(0);
      spec.deleteIn(['components', 'schemas', 'PaymentLink', 'required']);
    });
    changeset(dir, 'patch', 'A small fix.');
    const files = ['package.json', 'CHANGELOG.md', 'openapi.yaml', 'src/generated/version.ts', '.changeset/next.md'];
    const before = files.map((file) => readFileSync(join(dir, file), 'utf8'));

    const run = versionPackages(dir);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/breaking change\(s\) need a minor version bump/);
    expect(run.stderr).toMatch(/version:packages: spec:diff against v[\d.]+ failed \(exit 1\); every file is as it was before/);
    expect(files.map((file) => readFileSync(join(dir, file), 'utf8'))).toEqual(before);
  }, TIMEOUT);
});
