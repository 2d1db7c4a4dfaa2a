// @ts-check
// The testing entry (@conomy/checkout-contract/testing) as one self-contained file: src/testing/
// with the contract library it uses, ajv and ajv-formats bundled, and the spec embedded, since the
// one module that reads openapi.yaml in the sources (src/testing/spec-document.ts) is replaced by
// the document's JSON. So the bundle reads no file and imports no Node module up front: node:http is
// a dynamic import inside listen(), left to the runtime (tests/testing/bundle.test.ts checks both).
import { join } from 'node:path';
import { build } from 'esbuild';
import { PACKAGE_ROOT } from './package-files.mjs';

const SPEC_DOCUMENT = join(PACKAGE_ROOT, 'src/testing/spec-document.ts');

/**
 * The bundle's text in one module format; written to `outfile` when one is given.
 * @param {{ format: 'esm' | 'cjs', document: unknown, outfile?: string }} options
 * @returns {Promise<string>}
 */
export async function bundleTesting({ format, document, outfile }) {
  const result = await build({
    entryPoints: [join(PACKAGE_ROOT, 'src/testing/index.ts')],
    bundle: true,
    format,
    // Browsers running MSW load it as well as Node: only what every runtime has, like the client.
    platform: 'neutral',
    target: 'es2022',
    // ajv and ajv-formats are CommonJS packages with a `main` only.
    mainFields: ['module', 'main'],
    external: ['node:*'],
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
