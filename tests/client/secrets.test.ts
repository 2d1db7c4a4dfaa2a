// The one masker (src/internal/secrets.js): a secret is masked in every form a server or a tool
// can write it back in, and nothing else is touched.
import { describe, expect, it } from 'vitest';
import { createMasker, credentialLengthProblem, MIN_SECRET_LENGTH, SECRET_FIELD } from '../../src/internal/secrets.js';

const KEY = 'ak_live/7f3a&9c2e=51';
const ID = 'client-id-0b8d4e';
const SECRET = 'sec"ret\\e29f71 c4';
const mask = createMasker([KEY, ID, SECRET]);

/** JSON-escapes every character the way a server that escapes everything would. */
const unicodeEscaped = (text: string) => [...text].map((character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');

describe('createMasker', () => {
  it.each([
    ['as is', KEY],
    ['JSON-escaped by JSON.stringify', JSON.stringify(SECRET).slice(1, -1)],
    ['with "/" escaped as "\\/"', KEY.replace('/', '\\/')],
    ['with "&" as "\\u0026"', KEY.replace('&', '\\u0026')],
    ['with every character as \\uXXXX, in upper-case hex', unicodeEscaped(KEY).toUpperCase().replaceAll('\\U', '\\u')],
    ['percent-encoded', encodeURIComponent(KEY)],
    ['percent-encoded in lower-case hex', encodeURIComponent(KEY).toLowerCase().replace(/^ak_live/, 'ak_live')],
    ['form-encoded, a space as "+"', new URLSearchParams({ s: SECRET }).toString().slice(2)],
    ['base64', btoa(KEY)],
    ['base64 of id:secret (an echoed Basic authorization)', btoa(`${ID}:${SECRET}`)],
    ['base64 without its padding', btoa(KEY).replace(/=+$/, '')],
    ['base64url (a JWT segment)', btoa(`${ID}:${SECRET}`).replace(/=+$/, '').replaceAll('+', '-').replaceAll('/', '_')],
  ])('masks a secret written %s', (_form, written) => {
    expect(mask(`before ${written} after`)).toBe('before *** after');
  });

  it('masks the start of a secret a quote cut short with "..."', () => {
    expect(mask(`"${KEY.slice(0, 9)}..."`)).toBe('"***..."');
    expect(mask('"ak_liv..."')).toBe('"***..."');
    expect(mask('"ak_liv..." and "ak_live/7..."')).toBe('"***..." and "***..."');
    // Under six characters the start is too common to mean anything: "ak_li..." stays, as "live..." does.
    expect(mask('"ak_li..."')).toBe('"ak_li..."');
    expect(createMasker(['live_key_0042abc'])('live... done')).toBe('live... done');
  });

  it('masks a secret that contains another one as a whole', () => {
    const nested = createMasker(['outer-secret-12345', 'secret-12']);
    expect(nested('x outer-secret-12345 y secret-12 z')).toBe('x *** y *** z');
  });

  it('masks whole a secret that starts with another one, in whatever order they were given', () => {
    for (const secrets of [['token-ab12', 'token-ab12-extended'], ['token-ab12-extended', 'token-ab12']]) {
      expect(createMasker(secrets)('x token-ab12-extended y token-ab12 z'), secrets.join()).toBe('x *** y *** z');
    }
  });

  it('masks whole the base64 of id:secret when the base64 of the id alone is its start', () => {
    const id = 'client-id-0b8d4'; // 15 characters: its base64 is a prefix of the pair's
    const basic = btoa(`${id}:${SECRET}`);
    expect(basic.startsWith(btoa(id))).toBe(true);
    expect(createMasker([id, SECRET])(`Basic ${basic}`)).toBe('Basic ***');
  });

  it('masks every occurrence, and a secret of exactly the shortest length', () => {
    expect(mask(`${KEY} and again ${KEY}`)).toBe('*** and again ***');
    expect(createMasker(['12345678'])('id 12345678')).toBe('id ***');
  });

  it('masks a secret with characters beyond ASCII, percent-encoded as UTF-8 or \\u-escaped as UTF-16', () => {
    const secret = 'clé-🔑-0b8d4e';
    const unit = (code: number) => `\\u${code.toString(16).padStart(4, '0')}`;
    const utf16 = secret.replace(/[^\x00-\x7f]/gu, (character) => [...Array(character.length).keys()].map((i) => unit(character.charCodeAt(i))).join(''));
    expect(utf16).toBe('cl\\u00e9-\\ud83d\\udd11-0b8d4e');
    const masker = createMasker([secret]);
    expect(masker(`a ${encodeURIComponent(secret)} b`)).toBe('a *** b');
    expect(masker(`a ${utf16} b`)).toBe('a *** b');
  });

  it('takes only the forms a secret can be written in: "+" for a space alone, a backslash only before / " \\', () => {
    expect(mask(KEY.replace('_', '+'))).toBe(KEY.replace('_', '+'));
    expect(mask(KEY.replace('_', '\\_'))).toBe(KEY.replace('_', '\\_'));
    expect(mask(SECRET.replace(' ', '+'))).toBe('***');
  });

  it('leaves ordinary text alone, and ignores values too short to be a credential', () => {
    const text = 'GET /payment-links?limit=50 answered 200 in 12 ms: {"id":"pl_1","status":"ACTIVE"}';
    expect(mask(text)).toBe(text);
    expect(createMasker(['ab', 'x', '', undefined])('a b ab x xab')).toBe('a b ab x xab');
    expect(createMasker([])('anything')).toBe('anything');
  });

  it(`refuses credentials shorter than ${MIN_SECRET_LENGTH} characters where they are configured`, () => {
    expect(credentialLengthProblem('1234567')).toMatch(/^is shorter than 8 characters/);
    expect(credentialLengthProblem('12345678')).toBeUndefined();
  });

  it('names as secret the fields and query parameters a credential travels in, in any spelling', () => {
    const secretNames = ['apiKey', 'api_key', 'x-api-key', 'accessToken', 'access_token', 'clientId', 'client_id', 'clientSecret', 'password', 'token', 'signatureToken'];
    expect(secretNames.filter((name) => !SECRET_FIELD.test(name))).toEqual([]);
    expect(['checkoutToken', 'tokenType', 'id', 'paymentLinkId', 'status'].filter((name) => SECRET_FIELD.test(name))).toEqual([]);
  });
});

describe('SECRET_FIELD', () => {
  it.each(['clientSecret', 'client_secret', 'password', 'signature', 'apiKey', 'api-key', 'api_key', 'x-api-key', 'Authorization', 'accessToken', 'access_token', 'access-token', 'clientId', 'client_id', 'token'])(
    'calls %s secret, so its value is never quoted',
    (name) => expect(SECRET_FIELD.test(name)).toBe(true),
  );

  it.each(['checkoutToken', 'tokenType', 'expiresIn', 'id', 'status', 'apiVersion', 'client'])('leaves %s quotable', (name) => {
    expect(SECRET_FIELD.test(name)).toBe(false);
  });
});
