#!/usr/bin/env node
// Generates src/generated/openapi.ts from openapi.yaml with openapi-typescript (the committed file
// is never edited by hand).
//
//   node scripts/generate.mjs           regenerate (npm run generate)
//   node scripts/generate.mjs --check   fail if the committed file is stale (npm run generate:check)
//
// Generator options, and why:
// --root-types --root-types-no-schema-prefix
//     Also export every component schema at the top level under its own name (`CheckoutSession`,
//     `PaymentLink`, ...). The client re-exports these, so its friendly type names are derived from
//     the spec and can never drift from it. Without the second flag they would be `SchemaCheckoutSession`.
// --alphabetize
//     Sort keys, so the committed output changes only when the contract changes, not when someone
//     reorders the YAML.
// Left at their defaults on purpose:
// - no --enum / --enum-values: enums stay string-literal unions, so the generated file is types only
//   and adds no runtime code to the package.
// - no --read-write-markers: the spec uses separate request-body schemas rather than readOnly /
//   writeOnly properties, and the markers would wrap every friendly type in $Read<...>.
// - --default-non-nullable keeps its default (true): a property with a default is always present in
//   responses.
// - no --array-length: minItems would become tuple types, which makes building request bodies from
//   ordinary arrays fail to compile.
// - no --immutable: callers build request bodies from these types.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { codegenCommand } from './codegen-options.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const target = join(root, 'src/generated/openapi.ts');
const check = process.argv.includes('--check');

// process.exitCode, not process.exit(): the finally block must still remove the temporary directory.
const dir = mkdtempSync(join(tmpdir(), 'conomy-codegen-'));
try {
  process.exitCode = generate(join(dir, 'openapi.ts'));
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/** Generates into `fresh`, then writes the target or checks it against `fresh`; returns the exit code. */
function generate(fresh) {
  const run = spawnSync(process.execPath, codegenCommand(fresh), { cwd: root, encoding: 'utf8' });
  if (run.status !== 0) {
    process.stderr.write(run.stdout + run.stderr);
    console.error('generate: openapi-typescript failed on openapi.yaml (output above)');
    return 1;
  }
  if (!check) {
    copyFileSync(fresh, target);
    console.log(`generate: wrote ${target}`);
    return 0;
  }
  const committed = readOrEmpty(target);
  const expected = readFileSync(fresh, 'utf8');
  if (committed !== expected) {
    const line = firstDifferentLine(committed, expected);
    console.error(
      `generate:check: src/generated/openapi.ts is stale: it does not match what openapi.yaml generates ` +
        `(first difference at line ${line}). Run \`npm run generate\` and commit the result.`,
    );
    return 1;
  }
  console.log('generate:check: src/generated/openapi.ts is up to date');
  return 0;
}

function readOrEmpty(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function firstDifferentLine(a, b) {
  const left = a.split('\n');
  const right = b.split('\n');
  let i = 0;
  while (i < left.length && i < right.length && left[i] === right[i]) i += 1;
  return i + 1;
}
