// conomy-drift as a stranger gets it: the package packed with `npm pack`, installed from the tarball
// alone into an empty project (so the command has nothing but what the package ships and declares),
// and run there with `npx conomy-drift` in a clean environment against the local drifting server.
// One journey, in order, each step on what the one before left in the project: a conforming run;
// a run with eight deviations; a replay of that run's drift.har with no configuration and no
// server; --accept-all of its findings into drift-baseline.json; the same server again, all known;
// --help and --version.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseRegister } from '../../lib/register.mjs';
import type { DriftReport, ReportedFinding } from '../../src/drift/report/build-report.js';
import { OPERATIONS } from '../../src/generated/operations.js';
import { configFor, leakedSecrets, SECRETS } from '../drift/harness.js';
import { COMBINED } from '../drift/modes.js';
import { startDriftServer, type DriftServer } from '../drift/server.js';
import { command, consumerProject, INSTALLING_TEST_MS, strangerEnvironment, type CommandRun } from './packed.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const PACKAGE = '@conomy/checkout-contract';
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
const OPERATION_COUNT = Object.keys(OPERATIONS).length;
const REPORT_FILES = ['drift-history.jsonl', 'drift.har', 'drift.json', 'drift.junit.xml', 'drift.md'];
const REGISTER_LINK = `https://github.com/conomyhq/checkout-contract/blob/v${version}/docs/discrepancies.md#`;
/** The register entry the findings are accepted under; it must be in the register the package ships. */
const ACCEPT_UNDER = 'D46';
/** A conomy-drift command that takes longer is killed, below the test's timeout, so the test says why. */
const COMMAND_LIMIT_MS = 45_000;

let work: string | undefined;
let consumer = '';
let installation: Promise<void> | undefined;
const servers = new Set<DriftServer>();

/**
 * The consumer project with the package installed, made once by the first test that asks. Every
 * test awaits it, so that a pack or install that fails fails each of them (a failing beforeAll
 * would only mark them skipped).
 */
function installed(): Promise<void> {
  installation ??= consumerProject('conomy-drift-consumer-').then((project) => void ({ work, consumer } = project));
  return installation;
}

afterAll(async () => {
  await Promise.all([...servers].map((server) => server.close()));
  await installation?.catch(() => {});
  if (work) rmSync(work, { recursive: true, force: true });
});

/** `npx conomy-drift` against a drifting server of this mode, started for the run and closed after it. */
async function driftAgainst(mode: 'conforming' | 'combined'): Promise<{ run: DriftRun; server: DriftServer }> {
  const server = await startDriftServer(mode, SECRETS);
  servers.add(server);
  try {
    return { run: await driftRun([], configFor(server.baseUrl)), server };
  } finally {
    servers.delete(server);
    await server.close();
  }
}

interface DriftRun extends CommandRun {
  /** Name -> content of every file in <consumer>/reports after the run. */
  files: Record<string, string>;
  /** reports/drift.json, parsed. */
  report: DriftReport;
}

/**
 * `npx conomy-drift ...args` in the consumer project, in a stranger's environment with `config`.
 * `--no-install`: a bin the package failed to link fails here, rather than npx fetching whatever
 * the registry has under the name conomy-drift.
 */
async function conomyDrift(args: string[], config: Record<string, string> = {}): Promise<CommandRun> {
  return command('npx', ['--no-install', 'conomy-drift', ...args], consumer, strangerEnvironment(config), COMMAND_LIMIT_MS);
}

/** A drift command that writes reports: its output and everything in <consumer>/reports afterwards. */
async function driftRun(args: string[], config: Record<string, string> = {}): Promise<DriftRun> {
  const run = await conomyDrift(args, config);
  const reportsDir = join(consumer, 'reports');
  const files = existsSync(reportsDir)
    ? Object.fromEntries(readdirSync(reportsDir).map((name) => [name, readFileSync(join(reportsDir, name), 'utf8')]))
    : {};
  if (files['drift.json'] === undefined) throw new Error(`conomy-drift ${args.join(' ')} wrote no reports/drift.json (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
  return { ...run, files, report: JSON.parse(files['drift.json']) as DriftReport };
}

/** Everything a command printed or wrote: no credential may be in it. */
function expectNoCredential(run: CommandRun & { files?: Record<string, string> }): void {
  const everything = [run.stdout, run.stderr, ...Object.values(run.files ?? {})].join('\n');
  expect(leakedSecrets(everything)).toEqual([]);
}

const where = ({ kind, operationId, location }: Pick<ReportedFinding, 'kind' | 'operationId' | 'location'>) => ({ kind, operationId, location });
const identity = ({ kind, operationId, location, status }: ReportedFinding) => `${operationId} ${status} ${kind} ${location}`;
const say = (run: CommandRun) => `stdout:\n${run.stdout}\nstderr:\n${run.stderr}`;

describe(`conomy-drift of ${PACKAGE} installed from its tarball into an empty project`, () => {
  it('is self-contained: nothing but openapi-fetch (and what it needs) came with it', async () => {
    await installed();
    const manifest = JSON.parse(readFileSync(join(consumer, 'node_modules', PACKAGE, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
      bin?: Record<string, string>;
    };
    expect(Object.keys(manifest.dependencies ?? {})).toEqual(['openapi-fetch']);
    expect(manifest.bin).toEqual({ 'conomy-drift': expect.any(String), 'conomy-mock': expect.any(String) });
    expect(existsSync(join(consumer, 'node_modules/.bin/conomy-drift')), 'npm linked the bin').toBe(true);
    const topLevel = readdirSync(join(consumer, 'node_modules')).flatMap((name) =>
      name.startsWith('@') ? readdirSync(join(consumer, 'node_modules', name)).map((scoped) => `${name}/${scoped}`) : [name],
    );
    for (const name of ['vitest', 'jiti', '@stoplight/prism-cli', '@redocly/cli', 'ajv', 'yaml']) expect(topLevel).not.toContain(name);
    expect(topLevel).toContain(PACKAGE);
    expect(topLevel).toContain('openapi-fetch');
  }, INSTALLING_TEST_MS);

  it('against a conforming server: exit 0, every operation checked on a 2xx, every report, the lint note, no credential', async () => {
    await installed();
    const { run, server } = await driftAgainst('conforming');
    expect(run.code, say(run)).toBe(0);
    expect(Object.keys(run.files).sort()).toEqual(REPORT_FILES);
    const { report } = run;
    expect(report.verdict).toBe('ok');
    expect(report.exitCode).toBe(0);
    expect(report.summary).toMatchObject({ operations: OPERATION_COUNT, checked: OPERATION_COUNT, ok: OPERATION_COUNT });
    for (const operation of report.operations) {
      expect(operation.statuses.some((status) => status >= 200 && status < 300), `${operation.operationId} checked on a 2xx`).toBe(true);
    }
    expect(run.stdout).toContain(`${OPERATION_COUNT} of ${OPERATION_COUNT} operations checked`);
    // No @redocly/cli (nor the repository's lint rules) in the consumer: the run says it went on without the lint.
    expect(report.notes.filter((note) => note.startsWith('openapi.yaml was not linted before the run: ')), report.notes.join('\n')).toHaveLength(1);
    expect(existsSync(join(consumer, 'node_modules', PACKAGE, 'reports')), 'no reports inside the installed package').toBe(false);
    expect(server.selfCheckFailures).toEqual([]);
    expectNoCredential(run);
  }, 60_000);

  let combined: DriftReport;

  it(`against a server with ${COMBINED.length} deviations: exit 1, each found, register links on github.com at v${version}`, async () => {
    await installed();
    const { run } = await driftAgainst('combined');
    expect(run.code, say(run)).toBe(1);
    combined = run.report;
    expect(combined.exitCode).toBe(1);
    expect(combined.findings.map(where)).toEqual(expect.arrayContaining(COMBINED.map(where)));
    expect(combined.findings.every((finding) => finding.baseline === 'new')).toBe(true);
    expect(combined.tool).toBe(`${PACKAGE}@${version}`);
    const markdown = run.files['drift.md'] ?? '';
    expect(markdown).toContain(`\`${PACKAGE}@${version}\``);

    // Every link to the register: the tagged register on github.com, at an anchor of an entry it has.
    const links = [...markdown.matchAll(/\]\(([^)\s]*discrepancies\.md[^)\s]*)\)/g)].map((match) => match[1] ?? '');
    expect(links.length, 'drift.md links register entries').toBeGreaterThan(0);
    const anchors = new Set(parseRegister(readFileSync(join(root, 'docs/discrepancies.md'), 'utf8')).map((entry) => entry.anchor));
    for (const link of links) {
      expect(link.startsWith(REGISTER_LINK), link).toBe(true);
      expect(anchors.has(link.slice(REGISTER_LINK.length)), `${link}: an anchor of the register`).toBe(true);
    }
    expect(markdown).not.toContain('node_modules');
    expectNoCredential(run);
  }, 60_000);

  it('--replay reports/drift.har with no configuration and no server: exit 1, the same findings, nothing sent', async () => {
    await installed();
    expect(combined, 'the combined run came first').toBeDefined();
    const run = await driftRun(['--replay', 'reports/drift.har']);
    expect(run.code, say(run)).toBe(1);
    const { report } = run;
    expect(report.replay, 'drift.json has the replay summary').toBeDefined();
    expect(report.target.kind).toBe('replay');
    expect(report.requests.sent).toBe(0);
    expect(new Set(report.findings.map(identity))).toEqual(new Set(combined.findings.map(identity)));
    expectNoCredential(run);
  }, 60_000);

  it(`--accept-all ${ACCEPT_UNDER} writes drift-baseline.json into the project; the same server again passes with every finding known`, async () => {
    await installed();
    expect(combined, 'the combined run came first').toBeDefined();
    // The id must be an entry of the register the installed package ships (the command checks against it).
    const shipped = readFileSync(join(consumer, 'node_modules', PACKAGE, 'docs/discrepancies.md'), 'utf8');
    expect(parseRegister(shipped).map((entry) => entry.id)).toContain(ACCEPT_UNDER);

    const accepted = await conomyDrift(['--accept-all', ACCEPT_UNDER, '--note', 'seen on the drifting stand-in; decided in the register']);
    expect(accepted.code, say(accepted)).toBe(0);
    const baselineFile = join(consumer, 'drift-baseline.json');
    expect(existsSync(baselineFile), 'drift-baseline.json in the project root').toBe(true);
    const baseline = JSON.parse(readFileSync(baselineFile, 'utf8')) as { entries: Array<{ register: string; note?: string }> };
    expect(baseline.entries).toHaveLength(combined.findings.length);
    expect(baseline.entries.every((entry) => entry.register === ACCEPT_UNDER && entry.note?.startsWith('seen on'))).toBe(true);
    expectNoCredential({ ...accepted, files: { 'drift-baseline.json': readFileSync(baselineFile, 'utf8') } });

    const { run } = await driftAgainst('combined');
    expect(run.code, say(run)).toBe(0);
    const { report } = run;
    expect(report.findings.map(where)).toEqual(expect.arrayContaining(COMBINED.map(where)));
    expect(report.findings.every((finding) => finding.baseline === 'known' && finding.acknowledged?.register === ACCEPT_UNDER)).toBe(true);
    expect(report.summary).toMatchObject({ new: 0, known: combined.findings.length });
    expect(report.baseline.entries).toBe(baseline.entries.length);
    expectNoCredential(run);
  }, 90_000);

  it('--help and --version', async () => {
    await installed();
    const help = await conomyDrift(['--help']);
    expect(help.code, say(help)).toBe(0);
    expect(help.stdout).toContain('--replay');
    expect(help.stdout).toContain('--accept');
    const printed = await conomyDrift(['--version']);
    expect(printed.code, say(printed)).toBe(0);
    expect(printed.stdout.trim()).toBe(version);
  }, 30_000);
});
