// No call may leave a rejected promise unhandled, whatever its signal or timing: an unhandled
// rejection ends a Node process by default. A process-level listener fails the test if one appears.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SECRETS, json, scriptedFetch, testClient } from './support.js';

let unhandled: unknown[] = [];
const listener = (reason: unknown): void => void unhandled.push(reason);
beforeEach(() => {
  unhandled = [];
  process.on('unhandledRejection', listener);
});
afterEach(() => {
  process.off('unhandledRejection', listener);
});

/** Lets every pending promise settle, then a few macrotasks for good measure. */
const settled = () => new Promise((resolve) => setTimeout(resolve, 50));

/** A fetch that fails a little later, on its own, whatever the signal says. */
const failingLater = (ms: number) => async () => {
  await new Promise((resolve) => setTimeout(resolve, ms));
  throw new TypeError('fetch failed');
};

describe('no unhandled rejection', () => {
  it('with a signal already aborted, while the abandoned fetch fails later', async () => {
    const client = testClient(failingLater(10), { accessToken: SECRETS.accessToken, clientId: undefined, clientSecret: undefined });
    const call = client.GET('/payment-links', { signal: AbortSignal.abort(new Error('caller gave up')) });
    await expect(call).rejects.toThrow('caller gave up');
    await settled();
    expect(unhandled).toEqual([]);
  });

  it('with a signal already aborted, while the shared token request fails later', async () => {
    const auth = async (request: Request) => {
      if (new URL(request.url).pathname.endsWith('/auth')) return failingLater(10)();
      return json(200, {});
    };
    const client = testClient(auth);
    const call = client.GET('/payment-links', { signal: AbortSignal.abort(new Error('caller gave up')) });
    await expect(call).rejects.toThrow('caller gave up');
    await settled();
    expect(unhandled).toEqual([]);
  });

  it('when the signal aborts while the token request is in flight and it then fails', async () => {
    const controller = new AbortController();
    const client = testClient(async (request) => {
      if (new URL(request.url).pathname.endsWith('/auth')) return failingLater(20)();
      return json(200, {});
    }, { maxRetries: 0 });
    const first = client.GET('/payment-links', { signal: controller.signal });
    const second = client.GET('/payment-links');
    setTimeout(() => controller.abort(new Error('caller gave up')), 5);
    await expect(first).rejects.toThrow('caller gave up');
    await expect(second).rejects.toThrow(/Connection error/);
    await settled();
    expect(unhandled).toEqual([]);
  });

  it('when the signal aborts mid-request and the request then fails', async () => {
    const controller = new AbortController();
    const api = scriptedFetch(failingLater(20));
    const call = testClient(api.fetch).GET('/payment-links', { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('caller gave up')), 5);
    await expect(call).rejects.toThrow('caller gave up');
    await settled();
    expect(unhandled).toEqual([]);
  });

  it.each([null, 0, false, ''])('rejects with an AbortError when the abort reason is %j', async (reason) => {
    const controller = new AbortController();
    controller.abort(reason);
    const api = scriptedFetch(() => json(200, {}));
    const error = await testClient(api.fetch).GET('/payment-links', { signal: controller.signal }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'AbortError', message: 'This operation was aborted' });
    await settled();
    expect(unhandled).toEqual([]);
  });
});
