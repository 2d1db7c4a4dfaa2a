// Client size: what the package entry costs an application that bundles it, i.e. dist/index.js with
// openapi-fetch included, minified by esbuild and gzipped (level 9). 1 kB = 1,000 bytes.
// openapi-fetch's own share is bundled the same way and reported beside it.
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../..', import.meta.url));

export const clientSize = {
  id: 'clientSize',
  name: 'Client entry + deps, min+gzip',
  unit: 'kB',
  target: 10,
  async measure() {
    const client = await minifiedSize({ entryPoints: [join(root, 'dist/index.js')] });
    const openapiFetch = await minifiedSize({
      stdin: { contents: "export { default } from 'openapi-fetch';", resolveDir: root },
    });
    const kB = (bytes) => Math.round(bytes / 10) / 100;
    return {
      value: kB(client.gzip),
      details: {
        summary: `${client.gzip} bytes gzipped (${client.minified} minified); openapi-fetch alone ${openapiFetch.gzip} bytes gzipped`,
        minifiedBytes: client.minified,
        gzipBytes: client.gzip,
        openapiFetchGzipBytes: openapiFetch.gzip,
      },
    };
  },
};

async function minifiedSize(entry) {
  const result = await build({
    ...entry,
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  const [output] = result.outputFiles;
  return { minified: output.contents.byteLength, gzip: gzipSync(output.contents, { level: 9 }).byteLength };
}
