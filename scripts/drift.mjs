#!/usr/bin/env node
// npm run drift [-- <arguments>]: the conomy-drift command from this repository's sources. It
// bundles src/drift/cli/ exactly as the package build does (lib/command-bundle.mjs), into .cache/
// beside the sources, and runs the bundle in this process: the same command an integrator runs with
// `npx conomy-drift`, against this repository's openapi.yaml. `npm run drift -- --help` lists the
// arguments.
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundleCommand } from '../lib/command-bundle.mjs';
import { packageFile } from '../lib/package-files.mjs';

// One file per process, removed when it ends: runs side by side (the tests start several) never
// replace each other's bundle, and an interrupted run leaves none behind.
const bundle = join(packageFile('.cache'), `conomy-drift-${process.pid}.js`);
const removeBundle = () => rmSync(bundle, { force: true });
process.once('exit', removeBundle);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    removeBundle();
    process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
  });
}

// npm runs a script in the package's directory; a HAR path typed after `npm run drift --` is the caller's.
const replay = process.argv.findIndex((argument) => argument === '--replay' || argument.startsWith('--replay='));
if (replay > 0 && process.env.INIT_CWD) {
  const [flag, inline] = process.argv[replay].split(/=(.*)/s);
  const at = inline === undefined ? replay + 1 : replay;
  const path = inline ?? process.argv[at];
  if (path) process.argv[at] = `${inline === undefined ? '' : `${flag}=`}${resolve(process.env.INIT_CWD, path)}`;
}

try {
  await bundleCommand('conomy-drift', bundle);
} catch (error) {
  process.stderr.write(`drift: could not run: the conomy-drift command could not be built from src/: ${error instanceof Error ? error.message : error}\n`);
  process.exit(2);
}
// The bundle runs the command on import, with this process's arguments and environment.
await import(pathToFileURL(bundle).href);
