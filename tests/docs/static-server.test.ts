// The browser test's static server: it serves files, refuses paths outside its directory and answers
// a malformed %-escape with 400 instead of leaving the request hanging.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveDirectory, type StaticServer } from './static-server.js';

describe('serveDirectory', () => {
  let directory: string;
  let server: StaticServer;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'static-server-'));
    await writeFile(join(directory, 'index.html'), '<p>home</p>');
    server = await serveDirectory(directory);
  });

  afterAll(async () => {
    await server?.close();
    await rm(directory, { recursive: true, force: true });
  });

  const get = (path: string) => fetch(`${server.origin}${path}`, { signal: AbortSignal.timeout(5_000) });

  it('serves a file with its content type, and index.html for a directory', async () => {
    const response = await get('/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await response.text()).toBe('<p>home</p>');
  });

  it('answers 404 for a missing file and 403 for a path outside the directory', async () => {
    expect((await get('/missing.html')).status).toBe(404);
    expect((await get('/..%2f..%2fetc%2fpasswd')).status).toBe(403);
  });

  it('answers 400 for a malformed %-escape', async () => {
    expect((await get('/%E0%A4%A')).status).toBe(400);
  });
});
