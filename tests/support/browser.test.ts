// Where the browser tests look for a browser (tests/support/browser.ts).
import { describe, expect, it } from 'vitest';
import { BROWSER_PATHS, findBrowser } from './browser.js';

describe('findBrowser', () => {
  const only = (...paths: string[]) => (path: string) => paths.includes(path);

  it('takes CHROMIUM_PATH when set, and says so when it does not exist', () => {
    expect(findBrowser({ CHROMIUM_PATH: '/opt/chrome' }, only('/opt/chrome', '/usr/bin/chromium'))).toEqual({ path: '/opt/chrome' });
    expect(findBrowser({ CHROMIUM_PATH: '/opt/chrome' }, only('/usr/bin/chromium'))).toEqual({
      missing: 'CHROMIUM_PATH is /opt/chrome, which does not exist',
    });
  });

  it("else takes Debian's chromium, then Ubuntu's, then Google Chrome", () => {
    expect(findBrowser({}, only(...BROWSER_PATHS))).toEqual({ path: '/usr/bin/chromium' });
    expect(findBrowser({}, only('/usr/bin/google-chrome'))).toEqual({ path: '/usr/bin/google-chrome' });
    expect(findBrowser({}, only())).toMatchObject({ missing: expect.stringMatching(/^no browser at \/usr\/bin\/chromium, .*set CHROMIUM_PATH$/) });
  });
});
