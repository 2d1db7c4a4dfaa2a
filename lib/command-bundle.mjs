// @ts-check
// The package's commands, each as one self-contained file: its bin.ts with everything it imports
// (the client, the contract library, ajv, yaml) bundled by esbuild, so that a project that installed
// the package runs it with nothing else installed, and the client entry stays openapi-fetch alone.
// The package build writes them to dist/<command>.js; `npm run drift` builds conomy-drift the same
// way into .cache/ and runs it. A bundle finds openapi.yaml, the register and package.json by
// walking up to the package root (lib/package-files.mjs).
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import { PACKAGE_ROOT } from './package-files.mjs';

/** Each command's entry, and what its bundle leaves out. */
export const COMMANDS = {
  // The lint runs @redocly/cli by its path when it is installed (lib/redocly-lint.mjs); it is never bundled.
  'conomy-drift': { entry: 'src/drift/cli/bin.ts', external: ['@redocly/cli'] },
  'conomy-mock': { entry: 'src/testing/cli/bin.ts', external: [] },
};

/**
 * Bundles a command into `outfile` (atomically: a run that starts meanwhile sees the old or the
 * new file, never half of one).
 * @param {keyof typeof COMMANDS} command
 * @param {string} outfile
 */
export async function bundleCommand(command, outfile) {
  const { entry, external } = COMMANDS[command];
  const result = await build({
    entryPoints: [join(PACKAGE_ROOT, entry)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    external,
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
  if (!output) throw new Error(`esbuild wrote no ${command} bundle`);
  mkdirSync(dirname(outfile), { recursive: true });
  const temporary = `${outfile}.${process.pid}.tmp`;
  writeFileSync(temporary, output.contents, { mode: 0o755 });
  renameSync(temporary, outfile);
}
