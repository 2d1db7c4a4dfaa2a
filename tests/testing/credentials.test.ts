// Credentials: unpinned, any well-formed ones work and each POST /auth issues a token of its own,
// valid for its expiresIn; pinned, only the given API key and client credentials work, and the given
// access token is valid from the start, so a client configured with it alone works at once.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createConomyMock } from '../../src/testing/index.js';
import { BASE_URL, judgedClient, refusal } from './support.js';

const PINNED = { apiKey: 'apikey-pinned-0001', clientId: 'client-pinned-0001', clientSecret: 'secret-pinned-0001', accessToken: 'token-pinned-0001' };

afterEach(() => vi.useRealTimers());

describe('unpinned credentials', () => {
  it('each token request gets a new token, listed in the state until it expires after expiresIn seconds', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const mock = createConomyMock();
    const auth = () => mock.fetch(`${BASE_URL}/auth`, { method: 'POST', headers: { 'x-api-key': 'k' }, body: JSON.stringify({ clientId: 'any', clientSecret: 'thing' }) });
    const first = await (await auth()).json();
    const second = await (await auth()).json();
    expect(first).toEqual({ accessToken: expect.any(String), tokenType: 'Bearer', expiresIn: 3600 });
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(mock.state.tokens).toEqual([first, second]);
    const read = () => mock.fetch(`${BASE_URL}/payments`, { headers: { 'x-api-key': 'k', authorization: `Bearer ${first.accessToken}` } });
    expect((await read()).status).toBe(200);
    vi.setSystemTime(Date.now() + 3600 * 1000);
    expect((await read()).status).toBe(401);
    expect(mock.state.tokens).toEqual([]);
  });
});

describe('pinned credentials', () => {
  it('refuse another API key or other client credentials with 401', async () => {
    const mock = createConomyMock({ credentials: PINNED });
    const wrongKey = judgedClient(mock, { apiKey: 'apikey-other-0001', clientId: PINNED.clientId, clientSecret: PINNED.clientSecret });
    expect(await refusal(wrongKey.client.GET('/payments', {}))).toMatchObject({ name: 'AuthenticationError', status: 401 });
    const wrongSecret = judgedClient(mock, { apiKey: PINNED.apiKey, clientId: PINNED.clientId, clientSecret: 'secret-other-0001' });
    expect(await refusal(wrongSecret.client.GET('/payments', {}))).toMatchObject({ status: 401, message: expect.stringContaining('unknown client credentials') });
    expect([...wrongKey.answers, ...wrongSecret.answers].flatMap((answer) => answer.findings)).toEqual([]);
  });

  it('issue the pinned token to the pinned client, and take it from the start, also after a reset', async () => {
    const mock = createConomyMock({ credentials: PINNED });
    const withToken = judgedClient(mock, { apiKey: PINNED.apiKey, accessToken: PINNED.accessToken });
    expect((await withToken.client.GET('/payments', {})).data.results).toEqual([]);
    const { accessToken: _token, ...clientCredentials } = PINNED;
    const auth = await mock.fetch(`${BASE_URL}/auth`, { method: 'POST', headers: { 'x-api-key': PINNED.apiKey }, body: JSON.stringify(clientCredentials) });
    expect(await auth.json()).toEqual({ accessToken: PINNED.accessToken, tokenType: 'Bearer', expiresIn: 3600 });
    mock.reset();
    expect(mock.state.tokens).toEqual([{ accessToken: PINNED.accessToken, tokenType: 'Bearer', expiresIn: 3600 }]);
    expect((await withToken.client.GET('/payments', {})).response.status).toBe(200);
  });

  it('without an access token: POST /auth issues tokens of its own', async () => {
    const { accessToken: _unpinned, ...credentials } = PINNED;
    const mock = createConomyMock({ credentials });
    const { client } = judgedClient(mock, credentials);
    await client.GET('/payments', {});
    expect(mock.state.tokens).toEqual([{ accessToken: expect.not.stringMatching(PINNED.accessToken), tokenType: 'Bearer', expiresIn: 3600 }]);
  });
});
