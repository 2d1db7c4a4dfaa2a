// The base-URL rule the client and the drift run share (src/internal/base-url.ts): a URL one of them
// refuses, the other refuses for the same reason, each under its own name.
import { expect, it } from 'vitest';
import { ConomyError, createConomyClient } from '../../src/index.js';
import { readDriftConfig } from '../../src/drift/config.js';
import { SECRETS } from './support.js';

const driftEnvironment = {
  CONOMY_API_KEY: SECRETS.apiKey,
  CONOMY_ACCESS_TOKEN: SECRETS.accessToken,
  CONOMY_IDENTITY_ID: 'identity',
  CONOMY_ACCOUNT_NUMBER: '123',
};

function clientProblem(baseUrl: string): string | undefined {
  try {
    createConomyClient({ apiKey: SECRETS.apiKey, accessToken: SECRETS.accessToken, baseUrl });
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(ConomyError);
    return (error as ConomyError).message.replace(/^baseUrl /, '');
  }
}

function driftProblem(baseUrl: string): string | undefined {
  const result = readDriftConfig({ ...driftEnvironment, CONOMY_BASE_URL: baseUrl });
  return result.ok ? undefined : result.problems.join('\n').replace(/^CONOMY_BASE_URL /, '');
}

it.each([
  'http://mock.example/v1',
  'http://user@mock.example',
  'ftp://mock.example',
  'https://user:pw@mock.example',
  'https://mock.example/v1?debug=1',
  'https://mock.example/v1#top',
])('refuses %s in the client and in the drift run, for the same reason', (baseUrl) => {
  const problem = clientProblem(baseUrl);
  expect(problem).toMatch(/^must /);
  expect(driftProblem(baseUrl)).toBe(problem);
});

it.each(['http://127.0.0.1:4010/sandbox', 'http://[::1]:4010/sandbox', 'http://localhost:4010/sandbox', 'https://mock.example/v1'])(
  'takes %s in both',
  (baseUrl) => {
    expect(clientProblem(baseUrl)).toBeUndefined();
    expect(driftProblem(baseUrl)).toBeUndefined();
  },
);
