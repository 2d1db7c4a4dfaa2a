// @ts-check
// Where the package's own files are (openapi.yaml, the register, redocly.yaml), wherever the code
// that asks runs from: the sources in this repository, the conomy-drift bundle in dist/ of an
// installed package, or the bundle scripts/drift.mjs builds under .cache/. A bundle
// flattens every module into one file, so a path relative to a module's own URL would point
// somewhere else there; this walks up to the package's package.json instead.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PACKAGE_NAME = '@conomy/checkout-contract';

/** The directory of this package's package.json, found upwards from this module. */
export const PACKAGE_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

/**
 * A file of the package, by its path from the package root.
 * @param {...string} segments
 */
export function packageFile(...segments) {
  return join(PACKAGE_ROOT, ...segments);
}

/**
 * Whether the package runs from its own repository (a clone, with the register and lint rules
 * beside the spec), not from a project that installed it under node_modules/.
 */
export const IN_OWN_REPOSITORY = !PACKAGE_ROOT.split(/[\\/]/).includes('node_modules') && existsSync(join(PACKAGE_ROOT, 'redocly.yaml'));

/** @param {string} start */
function findPackageRoot(start) {
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === PACKAGE_NAME) return dir;
    if (dirname(dir) === dir) throw new Error(`${PACKAGE_NAME}: no package.json of this package above ${start}`);
  }
}
