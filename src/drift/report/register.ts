// The discrepancy register (docs/discrepancies.md) as the drift reports use it: the entry ids a
// baseline entry and --accept may name, their anchors, and where a reader of a report can open the
// register. The package ships the register, so an installed package reads the same file.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { IN_OWN_REPOSITORY, packageFile } from '../../../lib/package-files.mjs';
import { parseRegister } from '../../../lib/register.mjs';
import { VERSION } from '../../generated/version.js';

export const REGISTER_PATH = packageFile('docs/discrepancies.md');

export function readRegisterIds(file: string = REGISTER_PATH): Set<string> {
  return new Set(parseRegister(readFileSync(file, 'utf8')).map((entry) => entry.id));
}

/** `D3` -> GitHub's anchor of that register entry's heading. */
export function registerAnchors(registerMarkdown: string = readFileSync(REGISTER_PATH, 'utf8')): Map<string, string> {
  return new Map(parseRegister(registerMarkdown).map((entry) => [entry.id, entry.anchor]));
}

/**
 * Where the register is for a reader of a report written into `reportsDir`. In this repository:
 * beside the report (a relative link), or on github.com at the commit when the run is on GitHub
 * Actions (the job summary breaks relative links). From an installed package, whose reports are
 * read in another repository: this repository at the tag of the installed version. The docs site
 * rewrites either to its own register page.
 */
export function registerUrl(reportsDir: string, env: Record<string, string | undefined>): string {
  if (!IN_OWN_REPOSITORY) return `${repositoryUrl()}/blob/v${VERSION}/docs/discrepancies.md`;
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_SHA: sha } = env;
  if (server && repository && sha) return `${server}/${repository}/blob/${sha}/docs/discrepancies.md`;
  return relative(reportsDir, REGISTER_PATH).split('\\').join('/');
}

/** The package's repository on GitHub, from its manifest: `https://github.com/conomyhq/checkout-contract`. */
function repositoryUrl(): string {
  const manifest = JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { repository?: { url?: string } };
  return (manifest.repository?.url ?? '').replace(/^git\+/, '').replace(/\.git$/, '');
}
