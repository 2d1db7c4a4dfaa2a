#!/usr/bin/env node
// `npm run build`: the publishable package in dist/.
//
//   dist/index.js       ESM bundle of src/ (esbuild), openapi-fetch left as an import
//   dist/index.cjs      the same as CommonJS, for require()
//   dist/testing/index.js, index.cjs  the testing entry, each one self-contained file (lib/testing-bundle.mjs)
//   dist/testing/msw.js, msw.cjs      the MSW handlers of the testing entry, msw left as an import
//   dist/**/*.d.ts      declarations (TypeScript, tsconfig.build.json's options) of the public entries and of
//                       what those declarations refer to, nothing else, read by ESM consumers
//   dist/**/*.d.cts     the same declarations as CommonJS-flavoured files, read by require() consumers
//   dist/openapi.json   openapi.yaml converted to JSON
//   dist/conomy-drift.js, conomy-mock.js  the commands, each one self-contained file (lib/command-bundle.mjs)
//
// Why two declaration trees: in a "type": "module" package a `.d.ts` describes an ES module. A
// require() consumer under moduleResolution node16/nodenext that is handed one is told the package
// is ESM-only (what attw calls "masquerading"). The `.d.cts` copies carry the same text with their
// relative imports pointing at `.cjs`, so each tree resolves only within itself. openapi-fetch ships
// the same way (index.d.mts beside index.mjs, index.d.cts beside index.cjs).
//
// The build is atomic: everything is written into a temporary directory next to dist/, which
// replaces dist/ only once every step succeeded. A failed build leaves the previous dist/ (or none).
// `--out <dir>` builds into another directory instead (a test that must not race other tests over dist/).
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, posix, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import ts from 'typescript';
import { bundleCommand, COMMANDS } from '../lib/command-bundle.mjs';
import { readSpec } from '../lib/spec/index.mjs';
import { replaceDirectory } from '../lib/replace-directory.mjs';
import { bundleTesting, TESTING_ENTRIES } from '../lib/testing-bundle.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({ options: { out: { type: 'string' } } });
const dist = values.out === undefined ? join(root, 'dist') : resolve(values.out);
const shown = values.out === undefined ? 'dist/' : dist;
/** The package's public entries, whose declarations dist/ holds. */
const ENTRIES = ['src/index.ts', ...Object.values(TESTING_ENTRIES).map((entry) => entry.source)];

mkdirSync(dirname(dist), { recursive: true });
const staging = mkdtempSync(join(dirname(dist), '.dist-build-'));
try {
  const document = specAsJson();
  await bundle('esm', 'index.js');
  await bundle('cjs', 'index.cjs');
  for (const [entry, { out }] of Object.entries(TESTING_ENTRIES)) {
    await bundleTesting({ entry, format: 'esm', document, outfile: join(staging, `${out}.js`) });
    await bundleTesting({ entry, format: 'cjs', document, outfile: join(staging, `${out}.cjs`) });
  }
  emitDeclarations(staging);
  copyAsCommonJsDeclarations(staging);
  writeFileSync(join(staging, 'openapi.json'), `${JSON.stringify(document, null, 2)}\n`);
  for (const command of Object.keys(COMMANDS)) await bundleCommand(command, join(staging, `${command}.js`));
  replaceDirectory(staging, dist);
} catch (error) {
  rmSync(staging, { recursive: true, force: true });
  console.error(`build: failed, ${shown} left as it was: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
console.log(`build: wrote ${shown} (index.js, index.cjs, testing/index.js, testing/index.cjs, testing/msw.js, testing/msw.cjs, .d.ts + .d.cts declarations, openapi.json, conomy-drift.js, conomy-mock.js)`);

async function bundle(format, outfile) {
  await build({
    entryPoints: [join(root, 'src/index.ts')],
    outfile: join(staging, outfile),
    bundle: true,
    format,
    // src/ uses only what every runtime has (tests/client/portability.test.ts), so neutral fits.
    platform: 'neutral',
    target: 'es2022',
    // Dependencies stay imports: the consumer installs openapi-fetch once, as the manifest says.
    packages: 'external',
    plugins: format === 'cjs' ? [esModuleInterop()] : [],
    logLevel: 'silent',
  });
}

/**
 * src/ is ESM in a "type": "module" package, so esbuild gives its imports Node's ESM semantics: the
 * default import of a CommonJS module is its whole `module.exports`. Under require(), openapi-fetch
 * is such a module, with `exports.default = createClient` and `__esModule` set; the default import
 * would be the exports object, not the function. Routing each dependency through a tiny re-export
 * module (outside any package, so not "node mode") makes esbuild honour `__esModule` instead.
 */
function esModuleInterop() {
  return {
    name: 'es-module-interop',
    setup(bundler) {
      bundler.onResolve({ filter: /^[^./]/ }, ({ path, namespace }) =>
        namespace === 'interop' ? undefined : { path, namespace: 'interop' },
      );
      bundler.onLoad({ filter: /.*/, namespace: 'interop' }, ({ path }) => ({
        contents: `export * from ${JSON.stringify(path)}; export { default } from ${JSON.stringify(path)};`,
        resolveDir: root,
      }));
    },
  };
}

/**
 * The declarations of the entries and of every module those declarations refer to, under outDir as
 * under src/. A module the entries only run (never name in a type) gets none: its types are no part
 * of the package's API.
 */
function emitDeclarations(outDir) {
  const config = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.build.json'), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  });
  if (!config) throw new Error('tsconfig.build.json cannot be read');
  // The emit options are given here, not in tsconfig.build.json: that file is also used for a
  // noEmit type-check (portability test), which emitDeclarationOnly would contradict. noCheck: the
  // type checks are npm test's (typecheck, and the portability test over this config), so a build,
  // which the package tests run several times, spends its time emitting only. Without a check, the
  // testing entry's two Node-only modules (listen.ts, spec-document.ts) need no Node types here
  // either: no declaration emitted names one.
  const options = {
    ...config.options,
    noCheck: true,
    noEmit: false,
    declaration: true,
    emitDeclarationOnly: true,
    rootDir: root,
    outDir: root,
  };
  const program = ts.createProgram({ rootNames: ENTRIES.map((entry) => join(root, entry)), options });
  const emitted = new Map();
  const { diagnostics } = program.emit(undefined, (file, text) => emitted.set(relative(root, file).split('\\').join('/'), text));
  if (diagnostics.length > 0) {
    const host = { getCanonicalFileName: (name) => name, getCurrentDirectory: () => root, getNewLine: () => '\n' };
    process.stderr.write(ts.formatDiagnostics(diagnostics, host));
    throw new Error('TypeScript could not emit the declarations (errors above)');
  }
  const wanted = ENTRIES.map((entry) => entry.replace(/\.ts$/, '.d.ts'));
  const kept = new Set();
  while (wanted.length > 0) {
    const file = wanted.pop();
    if (kept.has(file)) continue;
    const text = emitted.get(file);
    if (text === undefined) throw new Error(`no declarations for ${file}`);
    kept.add(file);
    for (const [, specifier] of text.matchAll(/(?:from|import\()\s*['"](\.\.?\/[^'"]+)\.js['"]/g)) {
      wanted.push(posix.join(posix.dirname(file), `${specifier}.d.ts`));
    }
  }
  for (const file of kept) {
    const target = join(outDir, relative('src', file));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, emitted.get(file));
  }
}

/** Every `x.d.ts` gets a `x.d.cts` twin whose relative imports name `.cjs` instead of `.js`. */
function copyAsCommonJsDeclarations(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.d.ts')) continue;
    const file = join(entry.parentPath, entry.name);
    const text = readFileSync(file, 'utf8').replace(/(['"])(\.\.?\/[^'"]*)\.js\1/g, '$1$2.cjs$1');
    writeFileSync(file.replace(/\.d\.ts$/, '.d.cts'), text);
  }
}

/** openapi.yaml as JSON. The spec is one self-contained file; an external $ref would need a bundler. */
function specAsJson() {
  const spec = readSpec(join(root, 'openapi.yaml'));
  const external = [...JSON.stringify(spec).matchAll(/"\$ref":"([^"#][^"]*)"/g)].map((match) => match[1]);
  if (external.length > 0) {
    throw new Error(`openapi.yaml has external $refs (${external.join(', ')}); bundle them before converting to JSON`);
  }
  return spec;
}
