// @ts-check
// The conomy-drift command as one self-contained file: src/drift/cli/bin.ts with everything it
// imports (the client, the contract library, ajv, yaml) bundled by esbuild, so that a project
// that installed the package runs it with nothing else installed, and the client entry stays
// openapi-fetch alone. The package build writes it to dist/conomy-drift.js; `npm run drift` builds
// the same bundle into .cache/ and runs it. The bundle finds openapi.yaml, the register and
// package.json by walking up to the package root (lib/package-files.mjs).
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import { PACKAGE_ROOT } from './package-files.mjs';

/**
 * Bundles the command into `outfile` (atomically: a run that starts meanwhile sees the old or the
 * new file, never half of one).
 * @param {string} outfile
 */
export async function bundleDriftCli(outfile) {
  const result = await build({
    entryPoints: [join(PACKAGE_ROOT, 'src/drift/cli/bin.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    // The lint runs @redocly/cli by its path when it is installed (lib/redocly-lint.mjs); it is never bundled.
    external: ['@redocly/cli'],
    // ajv is CommonJS and requires Node's modules, which an ES module bundle must get from a real require.
    banner: {
      js: [
        '#!/usr/bin/env node',
        "import { createRequire as __conomyCreateRequire } from 'node:module';",
        'const require = __conomyCreateRequire(import.meta.url);',
      ].join('\n'),
    },
    logLevel: 'silent',
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error('esbuild wrote no conomy-drift bundle');
  mkdirSync(dirname(outfile), { recursive: true });
  const temporary = `${outfile}.${process.pid}.tmp`;
  writeFileSync(temporary, output.contents, { mode: 0o755 });
  renameSync(temporary, outfile);
}
