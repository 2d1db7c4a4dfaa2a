// What a run shows while it goes (src/drift/cli/progress.ts): on a terminal one line redrawn in
// place and replaced by the verdict; in CI or a pipe, plain lines.
import { describe, expect, it } from 'vitest';
import { progressFor, type Output } from '../../src/drift/cli/progress.js';
import type { DriftEvent } from '../../src/drift/run.js';

function terminal(isTTY: boolean, columns?: number): Output & { out: string; err: string } {
  const output = {
    out: '', err: '', isTTY, ...(columns ? { columns } : {}),
    stdout: (text: string) => void (output.out += text), stderr: (text: string) => void (output.err += text),
  };
  return output;
}

const events: DriftEvent[] = [
  { type: 'preflight', check: 'POST /auth 200', requests: 1, maxRequests: 100 },
  { type: 'request', requests: 2, maxRequests: 100 },
  { type: 'case', name: 'createCheckoutSessionPayment 200: the checkout flow through a payment link', checked: 9, operations: 16, requests: 14, maxRequests: 100 },
  { type: 'request', requests: 15, maxRequests: 100 },
  { type: 'case', name: 'deletePaymentLink 204: never activated', checked: 12, operations: 16, requests: 20, maxRequests: 100 },
];

describe('the progress of a run', () => {
  it('on a terminal: one line, redrawn, that the verdict replaces', () => {
    const output = terminal(true);
    const progress = progressFor(output, {});
    for (const event of events) progress.onEvent(event);
    progress.print('drift: OK: no drift');
    // Nothing but redraws before the verdict: no line break until the line is cleared for it.
    const drawn = output.out.split('\r\u001b[2K');
    expect(drawn.slice(-2)).toEqual(['drift: 12 of 16 operations checked, 20 of 100 requests; done: deletePaymentLink 204: never activated', 'drift: OK: no drift\n']);
    // A request between two steps moves only its count.
    expect(drawn).toContain('drift: preflight POST /auth 200; 2 of 100 requests');
    expect(drawn.filter((line) => line.startsWith('drift: 9 of 16 operations checked, 15 of 100 requests; done: createCheckoutSessionPayment'))).toHaveLength(1);
    expect(output.out.split('\n')).toHaveLength(2);
    expect(output.out.match(/\r\u001b\[2K/g)).toHaveLength(events.length + 1);
  });

  it('keeps a drawn line within the terminal (at most 100 characters), so that it never wraps', () => {
    const long = { ...events[2], name: 'x'.repeat(200) } as DriftEvent;
    for (const [columns, width] of [[undefined, 100], [60, 59], [300, 100]] as const) {
      const output = terminal(true, columns);
      progressFor(output, {}).onEvent(long);
      expect(output.out.replace('\r\u001b[2K', ''), `${columns} columns`).toHaveLength(width);
    }
  });

  it('in CI or a pipe: a plain line per step, nothing redrawn, no line per request', () => {
    for (const [output, env] of [[terminal(true), { CI: 'true' }], [terminal(true), { CI: '1' }], [terminal(false), {}], [terminal(false), { CI: 'false' }]] as const) {
      const progress = progressFor(output, env);
      for (const event of events) progress.onEvent(event);
      progress.print('drift: a problem', 'stderr');
      expect(output.out).not.toContain('\r');
      expect(output.out.trimEnd().split('\n')).toEqual([
        'drift: preflight POST /auth 200; 1 of 100 requests',
        'drift: 9 of 16 operations checked, 14 of 100 requests; done: createCheckoutSessionPayment 200: the checkout flow through a payment link',
        'drift: 12 of 16 operations checked, 20 of 100 requests; done: deletePaymentLink 204: never activated',
      ]);
      expect(output.err).toBe('drift: a problem\n');
    }
    // CI=false on a terminal is a terminal.
    const output = terminal(true);
    progressFor(output, { CI: 'false' }).onEvent(events[0] as DriftEvent);
    expect(output.out.startsWith('\r\u001b[2K')).toBe(true);
  });
});
