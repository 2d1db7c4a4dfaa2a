// The breaking-change gate (`npm run spec:diff`, scripts/spec-diff.mjs), run for real in a scratch
// git repository holding this openapi.yaml tagged v0.1.0, against edits of each kind it claims to
// judge: every breaking kind must fail without the version bump it needs, every compatible one pass.
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDocument, type Document } from 'yaml';

const root = fileURLToPath(new URL('../../', import.meta.url));
const TIMEOUT = 60_000;
const scratch: string[] = [];
afterAll(() => scratch.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A repository with openapi.yaml and package.json at version 0.1.0, committed and tagged; `tag: false` leaves it untagged. */
function repository({ tag = true } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'spec-diff-'));
  scratch.push(dir);
  mkdirSync(join(dir, 'scripts'));
  for (const file of ['openapi.yaml', 'scripts/spec-diff.mjs', 'scripts/redocly.diff.yaml']) copyFileSync(join(root, file), join(dir, file));
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'fixture', version: '0.1.0', type: 'module' })}\n`);
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'ignore' });
  git('init', '-q');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.test', 'commit', '-q', '--allow-empty', '-m', 'empty');
  git('add', 'openapi.yaml', 'package.json');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.test', 'commit', '-q', '-m', 'base');
  if (tag) git('tag', 'v0.1.0');
  return dir;
}

function editSpec(dir: string, edit: (document: Document) => void): void {
  const document = parseDocument(readFileSync(join(dir, 'openapi.yaml'), 'utf8'));
  edit(document);
  writeFileSync(join(dir, 'openapi.yaml'), document.toString());
}

function setVersion(dir: string, version: string): void {
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'fixture', version, type: 'module' })}\n`);
}

function specDiff(dir: string, args: string[] = []): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['scripts/spec-diff.mjs', ...args], { cwd: dir, env: { PATH: process.env.PATH ?? '' } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

const schema = (name: string) => ['components', 'schemas', name];

const BREAKING: [string, (document: Document) => void, RegExp][] = [
  [
    'a required response property removed',
    (document) => {
      document.deleteIn([...schema('PaymentLink'), 'properties', 'url']);
      const required = (document.getIn([...schema('PaymentLink'), 'required']) as { toJSON(): string[] }).toJSON();
      document.setIn([...schema('PaymentLink'), 'required'], required.filter((name) => name !== 'url'));
    },
    /breaking\s+.*`url`/,
  ],
  [
    'a required request property added',
    (document) => {
      document.setIn([...schema('CreatePaymentLinkBody'), 'properties', 'reference'], { type: 'string', description: 'x' });
      const required = (document.getIn([...schema('CreatePaymentLinkBody'), 'required']) as { toJSON(): string[] }).toJSON();
      document.setIn([...schema('CreatePaymentLinkBody'), 'required'], [...required, 'reference']);
    },
    /breaking\s+.*became required: `reference`/,
  ],
  ['an operation removed', (document) => document.deleteIn(['paths', '/payment-links/{paymentLinkId}', 'delete']), /breaking/],
  [
    'a value added to a response enum',
    (document) => {
      const values = (document.getIn([...schema('CheckoutSessionStatus'), 'enum']) as { toJSON(): string[] }).toJSON();
      document.setIn([...schema('CheckoutSessionStatus'), 'enum'], [...values, 'ON_HOLD']);
    },
    /breaking\s+.*ON_HOLD/,
  ],
];

const COMPATIBLE: [string, (document: Document) => void][] = [
  ['an optional request property added', (document) => document.setIn([...schema('CreatePaymentLinkBody'), 'properties', 'memo'], { type: 'string', description: 'x' })],
  ['a description changed', (document) => document.setIn([...schema('PaymentLink'), 'description'], 'Reworded.')],
];

describe.concurrent('npm run spec:diff against the latest release tag', () => {
  for (const [what, edit, line] of BREAKING) {
    it(`fails on ${what} without a minor bump of the 0.x version`, async () => {
      const dir = repository();
      editSpec(dir, edit);
      const { code, output } = await specDiff(dir);
      expect(output).toMatch(/against v0\.1\.0: [1-9]\d* breaking/);
      expect(output).toMatch(line);
      expect(output).toMatch(/need a minor version bump in package\.json \(0\.1\.0 at v0\.1\.0, 0\.1\.0 now\)/);
      expect(code, output).toBe(1);
    }, TIMEOUT);
  }

  for (const [what, edit] of COMPATIBLE) {
    it(`passes ${what}, listing it as non-breaking`, async () => {
      const dir = repository();
      editSpec(dir, edit);
      const { code, output } = await specDiff(dir);
      expect(output).toMatch(/0 breaking, [1-9]\d* non-breaking change\(s\)/);
      expect(code, output).toBe(0);
    }, TIMEOUT);
  }

  it('passes a breaking change with the minor bump 0.x needs, not with a patch one', async () => {
    const dir = repository();
    editSpec(dir, BREAKING[0]?.[1] ?? (() => undefined));
    setVersion(dir, '0.1.1');
    expect((await specDiff(dir)).code).toBe(1);
    setVersion(dir, '0.2.0');
    const { code, output } = await specDiff(dir);
    expect(output).toMatch(/come with the minor bump they need \(0\.1\.0 -> 0\.2\.0\)/);
    expect(code).toBe(0);
  }, TIMEOUT);

  it('says what to name when there is nothing to compare with, and refuses a ref without the spec', async () => {
    const untagged = await specDiff(repository({ tag: false }));
    expect(untagged).toEqual({ code: 2, output: expect.stringMatching(/no release tag \(v\*\) and no origin\/main to compare with/) });
    const unknown = await specDiff(repository(), ['no-such-ref']);
    expect(unknown).toEqual({ code: 2, output: expect.stringMatching(/no-such-ref is not a git ref with an openapi\.yaml/) });
    expect((await specDiff(repository(), ['--base', 'x'])).code).toBe(2);
  }, TIMEOUT);
});
