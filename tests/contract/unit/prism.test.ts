// Prism lifecycle against the fixture spec: start on a free port, answer, stop the whole
// process group, and explain every way it can fail to start.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startPrism } from '../support/prism.js';

const fixture = fileURLToPath(new URL('../fixtures/mini-api.yaml', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'contract-prism-'));

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('startPrism', { timeout: 60_000 }, () => {
  it('serves the spec examples on a free port and stops its whole process group', async () => {
    const prism = await startPrism({ specPath: fixture });
    try {
      expect(prism.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const response = await fetch(`${prism.baseUrl}/things/th_1`, { headers: { 'x-api-key': 'k' } });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ id: 'th_1', status: 'ACTIVE' });
      expect(groupAlive(prism.pid)).toBe(true);
    } finally {
      await prism.stop();
    }
    expect(groupAlive(prism.pid)).toBe(false);
    await expect(fetch(`${prism.baseUrl}/things/th_1`)).rejects.toThrow();
    await prism.stop(); // a second stop is harmless
  });

  it('says when the spec file does not exist', async () => {
    await expect(startPrism({ specPath: join(scratch, 'missing.yaml') })).rejects.toThrow(
      /Prism cannot start: spec file not found: .*missing\.yaml/,
    );
  });

  it('says when the Prism CLI is missing', async () => {
    await expect(startPrism({ specPath: fixture, cliPath: join(scratch, 'no-prism.js') })).rejects.toThrow(
      /Prism CLI not found at .*no-prism\.js \(run npm ci\)/,
    );
  });

  it('passes on what Prism says about a broken spec', async () => {
    const broken = join(scratch, 'broken.yaml');
    writeFileSync(broken, 'openapi: 3.1.0\npaths: [ broken\n');
    const failure = startPrism({ specPath: broken });
    await expect(failure).rejects.toThrow(/Prism cannot start \(spec .*broken\.yaml, port \d+\): Prism exited \(1\)/);
    await expect(failure).rejects.toThrow(/Error parsing .*broken\.yaml/);
    await expect(failure).rejects.not.toThrow(/Positionals:/); // the usage text is noise
  });

  describe('when the port is taken', () => {
    let blocker: Server | undefined;
    afterAll(() => blocker?.close());

    it('tries three ports, then says the port is in use', async () => {
      blocker = createServer();
      await new Promise<void>((resolve) => blocker?.listen(0, '127.0.0.1', resolve));
      const address = blocker.address();
      const taken = typeof address === 'object' && address ? address.port : 0;
      let attempts = 0;
      const findPort = async () => {
        attempts += 1;
        return taken;
      };
      await expect(startPrism({ specPath: fixture, findPort })).rejects.toThrow(
        `Prism cannot start: port ${taken} is already in use`,
      );
      expect(attempts).toBe(3);
    });
  });
});
