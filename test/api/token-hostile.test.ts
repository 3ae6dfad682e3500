import { expect } from '@open-wc/testing';
import '../../src/define.js';
import type { BwellConnectElement } from '../../src/bwell-connect-element.js';
import type { AccessToken } from '../../src/bwell-api.js';
import { emulator, recordGraphqlRequests, requestLog } from '../support/emulator.js';
import { recordEvents, type Recorder, type Reported } from '../support/results.js';
import { expectClosed } from '../support/windows.js';
import { E2EHarness } from '../support/harness.js';
import { expectNowhere, spyConsole, visibleText } from '../support/leaks.js';

/** A token no other text on the page could contain by chance. */
const secretToken = () => `tok-${crypto.randomUUID()}`;

/** The emulator puts this secret into every OAuth URL it hands out (`access_token=emu-secret-…`). */
const OAUTH_URL_SECRET = 'emu-secret-';

let consoleSpy: ReturnType<typeof spyConsole>;
let providerOrigin: string;

beforeEach(async () => {
  ({ providerOrigin } = await emulator());
  consoleSpy = spyConsole();
});
afterEach(() => consoleSpy.restore());
// After the console spy, whose listeners on window are the test's, not the element's.
const page = new E2EHarness();
beforeEach(() => page.setUp());
afterEach(() => page.tearDown());

/** Runs one attempt with the token to its end (the popup closed again); returns its result and its events. */
async function attemptWith(
  accessToken: AccessToken,
  flags: Record<string, string>,
): Promise<{ el: BwellConnectElement; recorder: Recorder; result: Reported }> {
  const { el, recorder, popup } = await page.start(flags, { accessToken });
  const result = await page.nextResult(recorder);
  await expectClosed(popup);
  return { el, recorder, result };
}

/**
 * A token with characters URL-encoding changes (a space, `/`, `+`, `=`), so that its encoded forms differ
 * from it. The emulator only accepts a token without spaces: tests that send this one use `auth: 'none'`.
 */
const encodableToken = () => `tok ${crypto.randomUUID()}/+=`;

/** How a server could echo the token: as is, after `Bearer `, URL- or form-encoded, or any 12 characters of it. */
function tokenForms(token: string): string[] {
  const encoded = encodeURIComponent(token);
  const runs = Array.from({ length: token.length - 11 }, (_, i) => token.slice(i, i + 12));
  return [token, `Bearer ${token}`, encoded, encoded.replaceAll('%20', '+'), ...runs];
}

/** Neither the token (in any of its forms) nor the OAuth URL shows in the element, the page, the events or the console. */
function expectNoLeak(el: BwellConnectElement, recorder: Recorder, token: string): void {
  const places = { ...visibleText(el, recorder), console: consoleSpy.lines.join('\n') };
  expectNowhere([...tokenForms(token), OAUTH_URL_SECRET, `${providerOrigin}/authorize`], places);
}

describe('hostile input: the access token and the OAuth URL never leak', () => {
  it('(the audit itself) finds a secret put in an attribute, the shadow markup or the console', async () => {
    const token = secretToken();
    const el = await page.mount({}, { accessToken: token });
    const recorder = recordEvents(el);
    expectNoLeak(el, recorder, token);
    el.setAttribute('data-leak', token);
    expect(() => expectNoLeak(el, recorder, token)).to.throw(/found in attributes/);
    el.removeAttribute('data-leak');
    el.shadowRoot!.append(document.createTextNode(`${OAUTH_URL_SECRET}x`));
    expect(() => expectNoLeak(el, recorder, token)).to.throw(/found in shadowRoot/);
    el.shadowRoot!.lastChild!.remove();
    console.debug('leaking', { token });
    expect(() => expectNoLeak(el, recorder, token)).to.throw(/found in console/);
    consoleSpy.lines.length = 0;
  });

  it('a string token is sent as the bearer and shows nowhere', async () => {
    const token = secretToken();
    const { el, recorder, result } = await attemptWith(token, { auto: 'success' });
    expect(result).to.deep.equal({ connectionId: el.connectionId, status: 'success' });
    expect((await requestLog(el.connectionId)).map((r) => r.authorization)).to.deep.equal([true]);
    expect(el.accessToken, 'the property keeps it').to.equal(token);
    expectNoLeak(el, recorder, token);
  });

  it('an async token function is called once per attempt and its token shows nowhere', async () => {
    const token = secretToken();
    let calls = 0;
    const { el, recorder, result } = await attemptWith(
      async () => {
        calls += 1;
        // As an app's would: the token comes back from a request of its own.
        await fetch('/__emulator/config.json');
        return token;
      },
      { auto: 'success' },
    );
    expect(result).to.deep.equal({ connectionId: el.connectionId, status: 'success' });
    expect(calls).to.equal(1);
    expect((await requestLog(el.connectionId)).map((r) => r.authorization)).to.deep.equal([true]);
    expectNoLeak(el, recorder, token);
  });

  it('a sync token function works the same', async () => {
    const token = secretToken();
    const { el, recorder, result } = await attemptWith(() => token, { auto: 'success' });
    expect(result).to.deep.equal({ connectionId: el.connectionId, status: 'success' });
    expectNoLeak(el, recorder, token);
  });

  const failingTokenFunctions: Array<[string, (token: string) => AccessToken]> = [
    [
      'throws (quoting the token)',
      (token) => () => {
        throw new Error(`refresh failed for ${token}`);
      },
    ],
    ['rejects (with the token as reason)', (token) => () => Promise.reject(new Error(token))],
  ];
  for (const [how, tokenFunction] of failingTokenFunctions) {
    it(`a token function that ${how}: request_failed without the token, nothing requested`, async () => {
      const token = secretToken();
      const { el, recorder, result } = await attemptWith(tokenFunction(token), { auto: 'success' });
      expect(result).to.deep.equal({
        connectionId: el.connectionId,
        status: 'request_failed',
        message: 'The accessToken function threw, rejected or returned no string.',
      });
      expect(await requestLog(el.connectionId)).to.deep.equal([]);
      expectNoLeak(el, recorder, token);
    });
  }

  it('a token function that returns no string: request_failed that says so', async () => {
    const token = secretToken();
    const { el, recorder, result } = await attemptWith((() => ({ token })) as unknown as AccessToken, {
      auto: 'success',
    });
    expect(result).to.deep.equal({
      connectionId: el.connectionId,
      status: 'request_failed',
      message: 'The accessToken function threw, rejected or returned no string.',
    });
    expectNoLeak(el, recorder, token);
  });

  it('a token the API refuses (401): the message names the problem, not the token', async () => {
    const token = secretToken();
    const { el, recorder, result } = await attemptWith(token, { fault: 'http_401' });
    expect(result.status).to.equal('request_failed');
    expect(result.message).to.match(
      /^HTTP 401 from .* \(the access token is missing, invalid or expired\): Unauthorized$/,
    );
    expectNoLeak(el, recorder, token);
  });

  it('an unreachable endpoint: the network error does not echo the request', async () => {
    const token = secretToken();
    const { el, recorder } = await page.start({}, { accessToken: token, endpoint: 'http://127.0.0.1:9/v1/graphql' });
    expect((await page.nextResult(recorder)).message).to.equal('Network error: could not reach http://127.0.0.1:9.');
    expectNoLeak(el, recorder, token);
  });

  it('failures after the popup reached the provider (denied, closed, cancelled) leak neither', async () => {
    const token = secretToken();
    const denied = await attemptWith(token, { auto: 'cancelled', redirect: 'custom' });
    expect(denied.result.status).to.equal('cancelled');
    expectNoLeak(denied.el, denied.recorder, token);

    const spoofed = await page.start({ auto: 'spoof' }, { accessToken: token });
    // The provider page's spoofed status-success has arrived (and been ignored): the popup is on the provider.
    await page.messages.waitFrom(page.popups.handles[1], 'the provider page');
    spoofed.el.cancel();
    expect((await page.nextResult(spoofed.recorder)).status).to.equal('aborted');
    expectNoLeak(spoofed.el, spoofed.recorder, token);
  });
});

describe('hostile servers: server text never carries the token, in any field or encoding, and stays short', () => {
  let apiOrigin: string;
  beforeEach(async () => {
    ({ apiOrigin } = await emulator());
  });

  const echoes: Array<{ name: string; fault: string; token: () => string; message(api: string): string }> = [
    {
      name: 'in the error code',
      fault: 'echo_token_code',
      token: secretToken,
      message: () => 'b.well returned an error (code AUTH Bearer [token]): Not authorized.',
    },
    {
      name: 'URL-encoded (Bearer%20…)',
      fault: 'echo_token_encoded',
      token: encodableToken,
      message: (api) =>
        `HTTP 401 from ${api} (the access token is missing, invalid or expired): Invalid credentials: Bearer%20[token]`,
    },
    {
      name: 'form-encoded (Bearer+…)',
      fault: 'echo_token_form',
      token: encodableToken,
      message: (api) =>
        `HTTP 401 from ${api} (the access token is missing, invalid or expired): Rejected authorization=Bearer+[token]`,
    },
    {
      name: 'shortened to its first 16 characters, in the OperationOutcome',
      fault: 'echo_token_prefix',
      token: secretToken,
      message: () => 'b.well returned an error (code 401): Token [token]… has expired.',
    },
  ];
  for (const echo of echoes) {
    it(`a server that quotes the token ${echo.name}: the message says [token] instead`, async () => {
      const token = echo.token();
      const { el, recorder, result } = await attemptWith(token, { fault: echo.fault, auth: 'none' });
      expect(result).to.deep.equal({
        connectionId: el.connectionId,
        status: 'request_failed',
        message: echo.message(apiOrigin),
      });
      expectNoLeak(el, recorder, token);
    });
  }

  it('a 1 MB error code: the message quotes a short start of it', async () => {
    const { result } = await attemptWith(secretToken(), { fault: 'huge_code' });
    expect(result.status).to.equal('request_failed');
    // The length first: a failing match would print the whole message.
    expect(result.message!.length).to.be.below(100);
    expect(result.message).to.match(/^b\.well returned an error \(code E{40}…\): Server error\.$/);
  });

  it('a redirectUrl whose scheme is 12,000 characters: refused, the message quotes a short start of it', async () => {
    const { el, result } = await attemptWith(secretToken(), { fault: 'url_huge_scheme' });
    expect(result).to.deep.equal({
      connectionId: el.connectionId,
      status: 'request_failed',
      message: `getOauthUrl returned an unsafe ${'a'.repeat(40)}… redirectUrl; only https: (or http: on loopback) is allowed.`,
    });
  });
});

describe('hostile input: a token that cannot be a bearer header is refused before anything is sent', () => {
  const NOT_A_STRING = 'The accessToken must be a string or a function returning one.';
  const NOT_A_HEADER =
    'The access token is not a valid HTTP header value (it has a line break, a NUL or a character outside Latin-1).';
  const tokens: Array<[string, unknown, string]> = [
    ['a symbol', Symbol('token'), NOT_A_STRING],
    ['a number', 42, NOT_A_STRING],
    ['an object', { token: 'tok-0123456789abcdef' }, NOT_A_STRING],
    ['a string with a newline', 'tok-0123456789\nabcdef', NOT_A_HEADER],
    ['a string with a character outside Latin-1', 'tok-0123456789€abcdef', NOT_A_HEADER],
    ['a function returning a header injection', () => 'tok-0123456789\r\nX-Injected: 1', NOT_A_HEADER],
    ['a function returning a number', () => 42, 'The accessToken function threw, rejected or returned no string.'],
  ];
  for (const [what, accessToken, message] of tokens) {
    it(`${what}: request_failed that names it; no request reached the API`, async () => {
      const graphql = recordGraphqlRequests();
      try {
        const { el, result } = await attemptWith(accessToken as AccessToken, { auto: 'success' });
        expect(result).to.deep.equal({ connectionId: el.connectionId, status: 'request_failed', message });
        expect(await requestLog(el.connectionId), 'getOauthUrl requests the emulator saw').to.deep.equal([]);
        expect(graphql.bodies, 'GraphQL requests the page tried to send').to.deep.equal([]);
      } finally {
        graphql.restore();
      }
    });
  }
});
