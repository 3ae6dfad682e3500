import { expect } from '@open-wc/testing';
import * as fc from 'fast-check';
import { quoted, resolveToken, validateRedirectUrl, type AccessToken } from '../../src/bwell-api.js';
import { ReportedError } from '../../src/status.js';

/** A character fetch accepts in a header value: Latin-1 without NUL, CR and LF. */
const headerChar = fc
  .integer({ min: 1, max: 0xff })
  .filter((code) => code !== 0x0a && code !== 0x0d)
  .map((code) => String.fromCharCode(code));

/**
 * A token fetch can send, of 12 to 64 characters, without `[` and `]`: a bearer token never holds them (RFC 6750's
 * b64token), and they begin and end the marker `[token]`, whose edge and the text beside it could otherwise spell
 * a run of the token (`]bbbbbbbbbbb` in `]bbbbbbbbbbbbbbbbbbbbbb` shows as `[token]bbbbbbbbbbb`).
 */
const token = fc.string({
  unit: headerChar.filter((char) => char !== '[' && char !== ']'),
  minLength: 12,
  maxLength: 64,
});

/** Every way the property below looks for the token: as is, URL- and form-encoded, and every 12 characters in a row of each. */
function secretRuns(secret: string): string[] {
  const encoded = encodeURIComponent(secret);
  return [secret, encoded, encoded.replaceAll('%20', '+')].flatMap((form) =>
    Array.from({ length: form.length - 11 }, (_, i) => form.slice(i, i + 12)),
  );
}

/** Server text that quotes the token: free text around its forms, parts of at least 12 characters, and `Bearer` echoes. */
function textQuoting(secret: string): fc.Arbitrary<string> {
  const encoded = encodeURIComponent(secret);
  const part = fc
    .tuple(fc.nat({ max: secret.length - 12 }), fc.nat({ max: secret.length }))
    .map(([start, extra]) => secret.slice(start, Math.min(secret.length, start + 12 + extra)));
  const piece = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 20 }),
    fc.constantFrom(
      secret,
      `Bearer ${secret}`,
      encoded,
      encodeURIComponent(`Bearer ${secret}`),
      encoded.replaceAll('%20', '+'),
    ),
    part,
    part.map(encodeURIComponent),
  );
  return fc.array(piece, { minLength: 1, maxLength: 8 }).map((pieces) => pieces.join(''));
}

describe('quoted: the one way server text reaches a message', () => {
  it('no run of 12 characters of the token, raw or URL-encoded, survives (property)', () => {
    fc.assert(
      fc.property(
        token.chain((secret) => fc.tuple(fc.constant(secret), textQuoting(secret))),
        ([secret, text]) => {
          const shown = quoted(text, secret, Infinity);
          return secretRuns(secret).every((run) => !shown.includes(run));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('the message quotes at most `max` characters and an ellipsis (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 600 }),
        fc.option(token, { nil: undefined }),
        fc.nat({ max: 400 }),
        (text, secret, max) => {
          const shown = quoted(text, secret, max);
          return shown.length <= max + 1 && (shown.length <= max || shown.endsWith('…'));
        },
      ),
    );
  });

  it('text that holds no run of the token is quoted as it is (property)', () => {
    const letters = fc.string({ unit: fc.constantFrom(...'abcdefghij'), minLength: 12, maxLength: 40 });
    const other = fc.string({ unit: fc.constantFrom(...'KLMNOP 0123456789:.'), maxLength: 200 });
    fc.assert(fc.property(letters, other, (secret, text) => quoted(text, secret) === text));
  });

  it('the token as is, after Bearer, encoded, shortened, in other case or with lowercase escapes becomes [token]', () => {
    const secret = 'Secret/Token+0123456789 ==';
    const cases: Array<[string, string]> = [
      [`Invalid credentials: Bearer ${secret}`, 'Invalid credentials: Bearer [token]'],
      [`authorization=${encodeURIComponent(`Bearer ${secret}`)}`, 'authorization=Bearer%20[token]'],
      [new URLSearchParams({ authorization: `Bearer ${secret}` }).toString(), 'authorization=Bearer+[token]'],
      [`token ${secret.slice(0, 12)}… expired`, 'token [token]… expired'],
      [`token …${secret.slice(-13)} expired`, 'token …[token] expired'],
      [`echo: ${secret.toLowerCase()}`, 'echo: [token]'],
      [`echo: ${encodeURIComponent(secret).toLowerCase()}`, 'echo: [token]'],
      [`${secret}${secret}`, '[token][token]'],
      ['a text without it', 'a text without it'],
    ];
    for (const [text, shown] of cases) expect(quoted(text, secret), text).to.equal(shown);
  });

  it('a token shorter than 12 characters is hidden whole, not by its parts', () => {
    expect(quoted('Invalid credentials: Bearer test-token', 'test-token')).to.equal(
      'Invalid credentials: Bearer [token]',
    );
    expect(quoted('test-tok is not test-token', 'test-token')).to.equal('test-tok is not [token]');
  });

  it('no token: the text is only bounded', () => {
    expect(quoted('Unauthorized', undefined)).to.equal('Unauthorized');
    expect(quoted('x'.repeat(301), undefined)).to.equal(`${'x'.repeat(300)}…`);
  });

  it('a 1 MB text: only its start is searched and quoted, and the token in that start is hidden', () => {
    const secret = 'tok-0123456789abcdef';
    const text = `${secret} ${'x'.repeat(1024 * 1024)}${secret}`;
    expect(quoted(text, secret)).to.equal(`[token] ${'x'.repeat(292)}…`);
    const started = performance.now();
    for (let i = 0; i < 20; i += 1) quoted(secret.repeat(60_000), secret);
    expect(performance.now() - started, 'ms for 20 texts of 1.2 MB').to.be.below(1000);
  });
});

describe('validateRedirectUrl: server text in its messages is quoted', () => {
  it('a 12,000-character scheme: the message quotes 40 characters of it', () => {
    expect(() => validateRedirectUrl(`${'a'.repeat(12_000)}:x`, undefined)).to.throw(
      ReportedError,
      `getOauthUrl returned an unsafe ${'a'.repeat(40)}… redirectUrl; only https: (or http: on loopback) is allowed.`,
    );
  });

  it('a scheme made of the token (which the URL parser lowercases): [token]', () => {
    const secret = 'TokenABCDEF0123456789';
    expect(() => validateRedirectUrl(`${secret}:x`, secret)).to.throw(
      ReportedError,
      'getOauthUrl returned an unsafe [token]: redirectUrl; only https: (or http: on loopback) is allowed.',
    );
  });
});

describe('resolveToken: a string, or a function giving one, that can be a header', () => {
  const NOT_A_STRING = 'The accessToken must be a string or a function returning one.';
  const NOT_A_HEADER =
    'The access token is not a valid HTTP header value (it has a line break, a NUL or a character outside Latin-1).';
  const FUNCTION_FAILED = 'The accessToken function threw, rejected or returned no string.';

  async function rejection(accessToken: unknown): Promise<string> {
    try {
      await resolveToken(accessToken as AccessToken);
    } catch (error) {
      expect(error).to.be.instanceOf(ReportedError);
      return (error as Error).message;
    }
    throw new Error('resolveToken resolved');
  }

  it('a header-valid string, given or returned (sync or async), resolves to itself; an empty one to none (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: headerChar, maxLength: 80 }), async (value) => {
        const expected = value || undefined;
        for (const accessToken of [value, () => value, async () => value]) {
          if ((await resolveToken(accessToken)) !== expected) return false;
        }
        return true;
      }),
    );
  });

  it('no token (undefined, null): none', async () => {
    expect(await resolveToken(undefined)).to.equal(undefined);
    expect(await resolveToken(null as unknown as AccessToken)).to.equal(undefined);
  });

  it('any other non-string value: says it must be a string (property)', async () => {
    const notAString = fc
      .anything({ withBigInt: true })
      .filter((v) => typeof v !== 'string' && typeof v !== 'function' && v != null);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(notAString, fc.constant(Symbol('token')), fc.constant(false), fc.constant(0)),
        async (value) => {
          return (await rejection(value)) === NOT_A_STRING;
        },
      ),
    );
  });

  it('a function returning anything but a string, throwing or rejecting: the function failed', async () => {
    const functions = [
      () => 42,
      () => null,
      async () => Symbol('t'),
      () => {
        throw new Error('tok-secret');
      },
      () => Promise.reject(new Error('tok-secret')),
    ];
    for (const accessToken of functions) expect(await rejection(accessToken)).to.equal(FUNCTION_FAILED);
  });

  it('a string with a line break, a NUL or a character outside Latin-1, given or returned: not a header (property)', async () => {
    const bad = fc.oneof(
      fc.constantFrom('\n', '\r', '\0'),
      fc.integer({ min: 0x100, max: 0xffff }).map((code) => String.fromCharCode(code)),
    );
    const around = fc.string({ unit: headerChar, maxLength: 20 });
    const withBad = fc.tuple(around, bad, around).map((parts) => parts.join(''));
    await fc.assert(
      fc.asyncProperty(withBad, async (value) => {
        return (await rejection(value)) === NOT_A_HEADER && (await rejection(async () => value)) === NOT_A_HEADER;
      }),
    );
  });
});
