// The drift history: the line a run appends reads back, a line that is no run is refused by its
// number, and the chart has one point per run with its verdict and counts.
import { describe, expect, it } from 'vitest';
import { historyChart } from '../../lib/docs/history-chart.mjs';
import { historyLine, parseHistory } from '../../lib/drift-history.mjs';

const run = (time: string, verdict: string, counts: Partial<Record<'new' | 'known' | 'breaking', number>> = {}) =>
  historyLine({ finishedAt: time, verdict, exitCode: verdict === 'breaking' ? 1 : 0, summary: { breaking: 0, warning: 0, additive: 0, new: 0, known: 0, ...counts } });

describe('the drift history', () => {
  it('reads back what runs appended, oldest first, blank lines ignored', () => {
    const text = run('2026-12-02T06:20:00Z', 'ok', { known: 2 }) + '\n' + run('2026-12-01T06:20:00Z', 'breaking', { new: 3, breaking: 3 });
    expect(parseHistory(text, 'h.jsonl').map((point) => [point.time.slice(0, 10), point.verdict, point.new, point.known])).toEqual([
      ['2026-12-01', 'breaking', 3, 0],
      ['2026-12-02', 'ok', 0, 2],
    ]);
  });

  it('refuses a line that is not a run, naming the file and line', () => {
    const good = run('2026-12-01T06:20:00Z', 'ok');
    expect(() => parseHistory(`${good}{"time": "x"`, 'h.jsonl')).toThrow(/^h\.jsonl:2: not a JSON line/);
    expect(() => parseHistory(`${good}${good.replace('"ok"', '"fine"')}`, 'h.jsonl')).toThrow('h.jsonl:2: "verdict" "fine" is none of');
    expect(() => parseHistory(good.replace('"new":0', '"new":-1'), 'h.jsonl')).toThrow('h.jsonl:1: "new" is not a count');
    expect(() => parseHistory('[]', 'h.jsonl')).toThrow('h.jsonl:1: not a JSON object');
  });

  it('draws one point per run, coloured by verdict, with its counts in the tooltip', () => {
    const points = parseHistory(['ok', 'breaking', 'warning'].map((verdict, day) => run(`2026-12-0${day + 1}T06:20:00Z`, verdict, { new: day })).join(''), 'h');
    const svg = historyChart(points);
    expect(svg.match(/<circle class="run /g)).toHaveLength(3);
    expect(svg).toContain('class="run verdict-breaking"');
    expect(svg).toContain('<title>2026-12-02T06:20:00Z: breaking; 1 new, 0 known');
    expect(svg).toContain('3 run(s) from 2026-12-01 to 2026-12-03');
    expect(svg).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    expect(historyChart([])).toBe('<p class="history-empty">No drift run is recorded in the history yet.</p>');
  });
});
