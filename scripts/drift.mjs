#!/usr/bin/env node
// npm run drift [-- <arguments>]: the conomy-drift command from this repository's sources. It
// bundles src/drift/cli/ exactly as the package build does (lib/drift-cli-bundle.mjs), into .cache/
// beside the sources, and runs the bundle in this process: the same command an integrator runs with
// `npx conomy-drift`, against this repository's openapi.yaml. `npm run drift -- --help` lists the
// arguments.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundleDriftCli } from '../lib/drift-cli-bundle.mjs';
import { packageFile } from '../lib/package-files.mjs';

// One file per process, removed when it exits: runs side by side (the tests start several) never
// replace each other's bundle.
const bundle = join(packageFile('.cache'), `conomy-drift-${process.pid}.js`);
process.once('exit', () => rmSync(bundle, { force: true }));
await bundleDriftCli(bundle);
// The bundle runs the command on import, with this process's arguments and environment.
await import(pathToFileURL(bundle).href);
