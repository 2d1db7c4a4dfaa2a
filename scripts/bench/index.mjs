#!/usr/bin/env node
// `npm run bench`: measures the package's numbers, prints a table and writes reports/bench.json.
//
// Each metric is a module in this folder exporting { id, name, unit, target, measure }, where
// `target` is the largest acceptable value (null: reported, not judged) and `measure()` resolves to
// { value, details }. To add a metric, write its module and append it to METRICS.
//
// A missed target is printed as FAIL and fails the process (exit 1), as does a metric that could not
// be measured at all, so a green run means every target was met. It is not part of `npm test`:
// speed on a shared machine is too noisy to gate every test run on.
import { mkdirSync, writeFileSync } from 'node:fs';
import { arch, cpus, platform, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { codegenTime } from './codegen.mjs';
import { contractWallTime } from './contract.mjs';
import { docsBuildTime } from './docs.mjs';
import { clientOverhead } from './overhead.mjs';
import { clientSize, testingSize } from './size.mjs';

const METRICS = [clientOverhead, clientSize, testingSize, codegenTime, contractWallTime, docsBuildTime];

const root = fileURLToPath(new URL('../..', import.meta.url));
const reportPath = join(root, 'reports/bench.json');

const results = [];
for (const metric of METRICS) {
  process.stdout.write(`bench: measuring ${metric.name}...\n`);
  try {
    const { value, details } = await metric.measure();
    const pass = metric.target === null ? null : value <= metric.target;
    results.push({ id: metric.id, name: metric.name, value, unit: metric.unit, target: metric.target, pass, details });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    results.push({ id: metric.id, name: metric.name, value: null, unit: metric.unit, target: metric.target, pass: false, error: reason });
  }
}

const machine = {
  node: process.version,
  platform: `${platform()} ${arch()}`,
  cpuCount: cpus().length,
  cpuModel: cpus()[0]?.model ?? 'unknown',
  memoryGiB: Math.round(totalmem() / 2 ** 30),
};
mkdirSync(join(root, 'reports'), { recursive: true });
writeFileSync(reportPath, `${JSON.stringify({ measuredAt: new Date().toISOString(), machine, metrics: results }, null, 2)}\n`);

printTable(results);
console.log(`\nMachine: Node ${machine.node}, ${machine.cpuCount} × ${machine.cpuModel}, ${machine.platform}`);
console.log(`Written: ${reportPath}`);

const unmeasured = results.filter((result) => result.value === null);
if (unmeasured.length > 0) {
  for (const result of unmeasured) console.error(`bench: could not measure ${result.name}: ${result.error}`);
  process.exit(1);
}
const missed = results.filter((result) => result.pass === false);
if (missed.length > 0) {
  console.error(`bench: target missed by: ${missed.map((result) => result.name).join(', ')}`);
  process.exit(1);
}

function printTable(rows) {
  const lines = [
    ['Metric', 'Value', 'Target', 'Result'],
    ...rows.map((row) => [
      row.name,
      row.value === null ? 'not measured' : `${format(row.value)} ${row.unit}`,
      row.target === null ? '—' : `≤ ${format(row.target)} ${row.unit}`,
      row.value === null ? 'ERROR' : row.pass === null ? 'info' : row.pass ? 'pass' : 'FAIL',
    ]),
  ];
  const widths = lines[0].map((_, column) => Math.max(...lines.map((line) => line[column].length)));
  const render = (line) => `| ${line.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`;
  console.log(`\n${render(lines[0])}\n|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`);
  for (const line of lines.slice(1)) console.log(render(line));
  for (const row of rows.filter((row) => row.details)) console.log(`  ${row.name}: ${row.details.summary}`);
}

function format(value) {
  return value.toLocaleString('en-US', { maximumFractionDigits: 2 });
}
