// drift.html publishes the drift report named by `npm run docs -- --drift <path>`, or says there is none.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { driftPage } from '../../lib/docs/drift-page.mjs';

const layout = { project: '@conomy/checkout-contract', specTitle: 'Conomy hosted checkout', specVersion: '1.0.0' };
const NO_RUN = 'No sandbox run has been published yet';

describe('driftPage', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'drift-page-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('renders the report when it exists', async () => {
    const report = join(dir, 'drift.md');
    await writeFile(report, '# Drift report\n\nVerdict: 2 operations differ from openapi.yaml.\n');
    const html = await driftPage(report, layout);
    expect(html).toContain('<p>Verdict: 2 operations differ from openapi.yaml.</p>');
    expect(html).not.toContain(NO_RUN);
  });

  it('points register links at the site\'s register page, wherever the report linked it', async () => {
    const report = join(dir, 'linked.md');
    const links = [
      '[D3](../docs/discrepancies.md#d3-checkout-payment-request-body-origins-or-payment-method)',
      '[D12](https://github.com/acme/kit/blob/0123abc/docs/discrepancies.md#d12-pagination-param-types)',
      '[D7](docs/discrepancies.md#d7)',
      '[other](../docs/other.md#d3-x)',
    ];
    await writeFile(report, `| Register |\n|---|\n| ${links.join(', ')} |\n`);
    const html = await driftPage(report, layout);
    expect(html).toContain('<a href="discrepancies.html#d3">D3</a>');
    expect(html).toContain('<a href="discrepancies.html#d12">D12</a>');
    expect(html).toContain('<a href="discrepancies.html#d7">D7</a>');
    expect(html).toContain('<a href="../docs/other.md#d3-x">other</a>');
    expect(html).not.toContain('discrepancies.md');
  });

  it('charts the drift history above the report, and refuses a history line that is no run, naming it', async () => {
    const report = join(dir, 'with-history.md');
    await writeFile(report, '# Drift report\n\nLatest.\n');
    const history = join(dir, 'history.jsonl');
    const line = (verdict: string) => `{"time":"2026-12-01T06:20:00Z","verdict":"${verdict}","exitCode":0,"breaking":0,"warning":0,"additive":0,"new":0,"known":0}\n`;
    await writeFile(history, line('ok') + line('breaking'));
    const html = await driftPage(report, layout, { historyPath: history });
    expect(html.match(/<circle class="run /g)).toHaveLength(2);
    expect(html.indexOf('figure class="drift-history"')).toBeLessThan(html.indexOf('<p>Latest.</p>'));
    await writeFile(history, `${line('ok')}not a run\n`);
    await expect(driftPage(report, layout, { historyPath: history })).rejects.toThrow(/history\.jsonl:2: not a JSON line/);
    await expect(driftPage(report, layout, { historyPath: join(dir, 'none.jsonl') })).rejects.toThrow(/the drift history .*none\.jsonl cannot be read: ENOENT/);
  });

  it('says no sandbox run has been published, naming the missing report, when there is none', async () => {
    const html = await driftPage(join(dir, 'missing.md'), layout);
    expect(html).toContain(NO_RUN);
    expect(html).toContain('missing.md</code>');
    expect(html).toContain('<a href="drift.html" aria-current="page">');
  });
});
