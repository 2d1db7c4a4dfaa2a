// Sizes: what an entry of the package costs an application that bundles it, minified by esbuild and
// gzipped (level 9); 1 kB = 1,000 bytes. The client entry is dist/index.js with openapi-fetch
// included (openapi-fetch's own share is bundled the same way and reported beside it). The testing
// entry, dist/testing/index.js, is self-contained (ajv and the spec inside); it goes into test
// bundles only (a browser running MSW, Storybook), so its size is reported, not judged.
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

export const testingSize = {
  id: 'testingSize',
  name: 'Testing entry, min+gzip',
  unit: 'kB',
  target: null,
  async measure() {
    // listen()'s node:http is imported only when it runs; a browser bundle leaves it out the same way.
    const testing = await minifiedSize({ entryPoints: [join(root, 'dist/testing/index.js')], external: ['node:*'] });
    return {
      value: kB(testing.gzip),
      details: {
        summary: `${testing.gzip} bytes gzipped (${testing.minified} minified)`,
        minifiedBytes: testing.minified,
        gzipBytes: testing.gzip,
      },
    };
  },
};

function kB(bytes) {
  return Math.round(bytes / 10) / 100;
}

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
