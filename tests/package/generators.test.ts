// Third-party generators on the exported spec (dist/openapi.json is openapi.yaml as JSON): hey-api
// (@hey-api/openapi-ts) and typed-openapi each generate a client, and a call of every path operation
// that passes no header must typecheck (register D24: User-Agent and conomyhq-api-version are not
// operation parameters). Two controls show what the test would catch: with User-Agent declared as a
// required header parameter neither generated client compiles those calls, and with it declared
// optional typed-openapi still does not (it then requires a `header` object on every call).
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { listOperations, operationParameters, placeholderNames, readSpec } from '../../lib/spec/index.mjs';
import { OPERATIONS } from '../../src/generated/operations.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = (path: string) => join(root, 'node_modules', path);
const TIMEOUT = 120_000;
const work = mkdtempSync(join(tmpdir(), 'generators-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

type Parameter = { in: string; name: string } | { $ref: string };
type Operation = { operationId: string; parameters?: Parameter[]; requestBody?: unknown };
type Spec = { paths: Record<string, Record<string, Operation> & { parameters?: Parameter[] }> };
type Variant = 'as exported' | 'User-Agent required' | 'User-Agent optional';

const exported = readSpec(join(root, 'openapi.yaml')) as Spec;

/** Every path operation, with what a call must carry: path parameters, query parameters, a body. */
const operations = listOperations(exported)
  .filter(({ section }) => section === 'paths')
  .map(({ operation, path, method, pointer }) => ({
    path,
    method,
    operationId: operation.operationId as string,
    pathParameters: placeholderNames(path).length > 0,
    query: operationParameters(exported, pointer).some(({ node }) => node.in === 'query'),
    body: operation.requestBody !== undefined,
  }));

/** The exported spec, or one with a User-Agent header parameter on every path operation. */
function specFor(variant: Variant): Spec {
  const spec = structuredClone(exported);
  if (variant === 'as exported') return spec;
  const userAgent = { name: 'User-Agent', in: 'header', required: variant === 'User-Agent required', schema: { type: 'string' } };
  for (const { operation, section } of listOperations(spec)) {
    if (section === 'paths') (operation as Operation).parameters = [userAgent, ...((operation as Operation).parameters ?? [])];
  }
  return spec;
}

// What each call passes: only the keys the operation has, each typed `never`, so that nothing but
// a missing key (a header the generator made mandatory) can fail the typecheck.
const ANY = 'null as never';
const argumentFor = (operation: (typeof operations)[number]) =>
  `{ ${[operation.pathParameters && `path: ${ANY}`, operation.query && `query: ${ANY}`, operation.body && `body: ${ANY}`].filter(Boolean).join(', ')} }`;

const GENERATORS = {
  'hey-api': {
    generate: (spec: string, out: string) => [bin('@hey-api/openapi-ts/bin/run.js'), '-i', spec, '-o', join(out, 'generated')],
    calls: () =>
      [
        `import { ${operations.map(({ operationId }) => operationId).join(', ')} } from './generated/sdk.gen';`,
        ...operations.map((operation) => `export const call_${operation.operationId} = () => ${operation.operationId}(${argumentFor(operation)});`),
      ].join('\n'),
  },
  'typed-openapi': {
    // Relative: typed-openapi joins even an absolute -o path to its working directory.
    generate: (spec: string) => [bin('typed-openapi/bin.js'), spec, '-o', 'generated.ts'],
    calls: () =>
      [
        `import { createApiClient } from './generated';`,
        `declare const fetcher: Parameters<typeof createApiClient>[0];`,
        `const api = createApiClient(fetcher, 'https://api.conomyhq.com/sandbox');`,
        ...operations.map(
          (operation) => `export const call_${operation.operationId} = () => api.${operation.method}('${operation.path}', ${argumentFor(operation)});`,
        ),
      ].join('\n'),
  },
} as const;

const TSCONFIG = {
  compilerOptions: {
    strict: true,
    noEmit: true,
    target: 'es2022',
    module: 'esnext',
    moduleResolution: 'bundler',
    lib: ['es2022', 'dom', 'dom.iterable'],
    types: [],
    skipLibCheck: true,
  },
  include: ['*.ts', 'generated/**/*.ts'],
};

interface Typechecked {
  /** tsc's output. */
  output: string;
  /** Its error lines, without their detail. */
  errors: string[];
  /** The operations whose call in calls.ts has an error. */
  failingCalls: string[];
}

/** Generates with `generator` from the variant's spec and typechecks a call of every operation. */
async function generateAndTypecheck(generator: keyof typeof GENERATORS, variant: Variant): Promise<Typechecked> {
  const dir = join(work, `${generator}-${variant.replace(/\W+/g, '-')}`);
  mkdirSync(dir, { recursive: true });
  const specFile = join(dir, 'openapi.json');
  writeFileSync(specFile, JSON.stringify(specFor(variant)));
  await run(process.execPath, GENERATORS[generator].generate(specFile, dir), { cwd: dir });
  const calls = GENERATORS[generator].calls();
  writeFileSync(join(dir, 'calls.ts'), `${calls}\n`);
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(TSCONFIG));
  let output = '';
  try {
    await run(process.execPath, [bin('typescript/bin/tsc'), '-p', dir], { cwd: dir });
  } catch (error) {
    output = (error as { stdout?: string }).stdout ?? '';
    if (!output.trim()) throw error;
  }
  const errors = output.split('\n').filter((line) => /error TS\d+/.test(line));
  const lines = calls.split('\n');
  const failingCalls = errors
    .map((error) => /^calls\.ts\((\d+),/.exec(error)?.[1])
    .map((line) => (line === undefined ? undefined : /export const call_(\w+)/.exec(lines[Number(line) - 1] ?? '')?.[1]))
    .filter((operationId): operationId is string => operationId !== undefined);
  return { output, errors, failingCalls: [...new Set(failingCalls)].sort() };
}

const ALL = operations.map(({ operationId }) => operationId).sort();

describe.concurrent('third-party generators on the exported spec', () => {
  it('finds every path operation of the spec', () => {
    expect(operations).toHaveLength(Object.keys(OPERATIONS).length);
  });

  for (const generator of Object.keys(GENERATORS) as (keyof typeof GENERATORS)[]) {
    it(`${generator}: every operation is called without headers, and it compiles`, async () => {
      const { errors } = await generateAndTypecheck(generator, 'as exported');
      expect(errors).toEqual([]);
    }, TIMEOUT);

    it(`${generator}: with User-Agent a required parameter, no call compiles (control)`, async () => {
      const { errors, failingCalls } = await generateAndTypecheck(generator, 'User-Agent required');
      expect(errors.filter((line) => !line.startsWith('calls.ts')), 'errors in the generated code itself').toEqual([]);
      expect(failingCalls).toEqual(ALL);
    }, TIMEOUT);
  }

  it('typed-openapi: with User-Agent an optional parameter, still no call compiles (why the spec declares none)', async () => {
    const { output, failingCalls } = await generateAndTypecheck('typed-openapi', 'User-Agent optional');
    expect(failingCalls).toEqual(ALL);
    expect(output).toMatch(/Property 'header' is missing/);
  }, TIMEOUT);
});
