// @ts-check
// What the code samples take from the client's source rather than restating it: the package name,
// the pinned API version and the error class thrown for each status. src/ is TypeScript, which
// plain Node does not run, so the two modules are bundled in memory by esbuild and imported.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';

/**
 * @param {string} root the repository root
 * @returns {Promise<import('./code-samples.mjs').ClientFacts>}
 */
export async function loadClientFacts(root) {
  const { outputFiles } = await build({
    stdin: {
      contents: "export { API_VERSION } from './src/core/api-version.ts'; export { createApiError } from './src/core/error.ts';",
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    logLevel: 'silent',
  });
  const source = outputFiles[0]?.text ?? '';
  const client = await import(`data:text/javascript;base64,${Buffer.from(source).toString('base64')}`);
  const { name } = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
  return {
    packageName: name,
    apiVersion: client.API_VERSION,
    errorClassFor: (status) => client.createApiError({ status, headers: new Headers(), rawBody: '', request: { method: 'GET', url: '' } }).name,
  };
}
