// @ts-check
// The testing entries, each as one file per module format. @conomy/checkout-contract/testing is
// self-contained: src/testing/ with the contract library it uses, ajv and ajv-formats bundled, and
// the spec embedded, since the one module that reads openapi.yaml in the sources
// (src/testing/spec-document.ts) is replaced by the document's JSON. So the bundle reads no file and
// imports no Node module up front: node:http is a dynamic import inside listen(), left to the
// runtime (tests/testing/bundle.test.ts checks both). @conomy/checkout-contract/testing/msw is a
// few lines over msw, which stays an import: an optional peer dependency of the package.
import { join } from 'node:path';
import { build } from 'esbuild';
import { PACKAGE_ROOT } from './package-files.mjs';

const SPEC_DOCUMENT = join(PACKAGE_ROOT, 'src/testing/spec-document.ts');

/** Each testing entry (its subpath of the package): its source, and its files in dist/ without the extension. */
export const TESTING_ENTRIES = {
  testing: { source: 'src/testing/index.ts', out: 'testing/index' },
  'testing/msw': { source: 'src/testing/msw.ts', out: 'testing/msw' },
};

/**
 * The bundle's text in one module format; written to `outfile` when one is given.
 * @param {{ entry?: keyof typeof TESTING_ENTRIES, format: 'esm' | 'cjs', document: unknown, outfile?: string }} options
 * @returns {Promise<string>}
 */
export async function bundleTesting({ entry = 'testing', format, document, outfile }) {
  const result = await build({
    entryPoints: [join(PACKAGE_ROOT, TESTING_ENTRIES[entry].source)],
    bundle: true,
    format,
    // Browsers running MSW load it as well as Node: only what every runtime has, like the client.
    platform: 'neutral',
    target: 'es2022',
    // ajv and ajv-formats are CommonJS packages with a `main` only.
    mainFields: ['module', 'main'],
    external: ['node:*', 'msw'],
    plugins: [
      {
        name: 'embedded-spec',
        setup(bundler) {
          bundler.onLoad({ filter: /[\\/]src[\\/]testing[\\/]spec-document\.ts$/ }, ({ path }) =>
            path === SPEC_DOCUMENT ? { contents: `export const specDocument = ${JSON.stringify(document)};`, loader: 'js' } : undefined,
          );
        },
      },
    ],
    write: false,
    logLevel: 'silent',
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error('esbuild wrote no testing bundle');
  if (outfile !== undefined) {
    const { mkdirSync, writeFileSync } = await import('node:fs');
    const { dirname } = await import('node:path');
    mkdirSync(dirname(outfile), { recursive: true });
    writeFileSync(outfile, output.contents);
  }
  return output.text;
}
