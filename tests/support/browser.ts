// Which browser the browser tests drive. Never a downloaded one: CHROMIUM_PATH when set (it must
// exist then), else the first of the usual places a system package puts Chromium or Chrome: Debian's
// chromium (what .ci/run installs here), Ubuntu's, and Google Chrome (preinstalled on GitHub's runners).
import { existsSync } from 'node:fs';

export const BROWSER_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/opt/google/chrome/chrome',
];

export const INSTALL_HINT = "install Debian's Chromium (apt-get update && apt-get install -y chromium) or set CHROMIUM_PATH";

/** The browser to launch, or why there is none. */
export function findBrowser(env: NodeJS.ProcessEnv = process.env, exists: (path: string) => boolean = existsSync):
  | { path: string }
  | { missing: string } {
  const chosen = env.CHROMIUM_PATH?.trim();
  if (chosen) return exists(chosen) ? { path: chosen } : { missing: `CHROMIUM_PATH is ${chosen}, which does not exist` };
  const found = BROWSER_PATHS.find((path) => exists(path));
  return found ? { path: found } : { missing: `no browser at ${BROWSER_PATHS.join(', ')}; ${INSTALL_HINT}` };
}
