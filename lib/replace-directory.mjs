// Swaps a finished build in for its output directory (dist/, site/). Shared by the package build and
// the docs build so both replace their output the same way.
import { renameSync, rmSync } from 'node:fs';

/**
 * Moves `builtDir` to `targetDir`, replacing what was there. The old directory is moved aside first,
 * so a reader never sees a mix of old and new files, and is put back if the new one cannot be moved
 * in, so a failure leaves the previous output (or none). Both paths must be on one file system.
 * @param {string} builtDir
 * @param {string} targetDir
 */
export function replaceDirectory(builtDir, targetDir) {
  const previous = `${builtDir}-previous`;
  let hadPrevious = true;
  try {
    renameSync(targetDir, previous);
  } catch (error) {
    if (error.code !== 'ENOENT') throw error;
    hadPrevious = false;
  }
  try {
    renameSync(builtDir, targetDir);
  } catch (error) {
    if (hadPrevious) restore(previous, targetDir);
    throw new Error(`could not move ${builtDir} to ${targetDir}: ${error.message}`);
  }
  if (hadPrevious) rmSync(previous, { recursive: true, force: true });
}

function restore(previous, targetDir) {
  try {
    renameSync(previous, targetDir);
  } catch (error) {
    throw new Error(`could not put the previous ${targetDir} back (it is still at ${previous}): ${error.message}`);
  }
}
