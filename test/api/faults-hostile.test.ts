import { expect } from '@open-wc/testing';
import * as sinon from 'sinon';
import '../../src/define.js';
import { DEFAULTS } from '../../src/settings.js';
import type { BwellConnectElement } from '../../src/bwell-connect-element.js';
import { withPageClock } from '../support/clock.js';
import { type MountOptions } from '../support/e2e.js';
import { emulator, recordGraphqlRequests, requestCount, uniqueId, waitForRequests } from '../support/emulator.js';
import { type Reported, cancelled } from '../support/results.js';
import { waitFor } from '../support/wait-for.js';
import { expectClosed } from '../support/windows.js';
import { E2EHarness } from '../support/harness.js';

const page = new E2EHarness();
beforeEach(() => page.setUp());
afterEach(() => page.tearDown());
let apiOrigin: string;

beforeEach(async () => {
  ({ apiOrigin } = await emulator());
});

/**
 * Clicks a freshly mounted element and returns its result, after checking that the popup it opened at once
 * is closed again.
 */
async function attempt(
  flags: Record<string, string>,
  options: MountOptions = {},
): Promise<{ el: BwellConnectElement; result: Reported }> {
  const { el, recorder, popup } = await page.start(flags, options);
  const result = await page.nextResult(recorder);
  await expectClosed(popup);
  expect(el.getAttribute('state')).to.equal(result.status === 'success' ? 'succeeded' : 'failed');
  return { el, result };
}

/** The result of an attempt against a faulty API: request_failed with a message. */
function failed(el: BwellConnectElement, message: string): Reported {
  return { connectionId: el.connectionId, status: 'request_failed', message };
}

/** Each API fault, how it is provoked (emulator flags or mount options), and the message it must end with. */
const FAULTS: Array<{
  name: string;
  flags?: Record<string, string>;
  options?: MountOptions;
  message(api: string, connectionId: string): string;
}> = [
  {
    name: 'connection refused: names the origin it could not reach',
    options: { endpoint: 'http://127.0.0.1:9/v1/graphql' },
    message: () => 'Network error: could not reach http://127.0.0.1:9.',
  },
  {
    name: 'HTTP 401 without a token: says the token is missing, invalid or expired',
    options: { accessToken: null },
    message: (api) => `HTTP 401 from ${api} (the access token is missing, invalid or expired): Unauthorized`,
  },
  {
    name: 'HTTP 401 for the token "invalid": the same message',
    options: { accessToken: 'invalid' },
    message: (api) => `HTTP 401 from ${api} (the access token is missing, invalid or expired): Unauthorized`,
  },
  {
    name: 'HTTP 403: says the token may not request this connection',
    flags: { fault: 'http_403' },
    message: (api) => `HTTP 403 from ${api} (the access token may not request this connection): Forbidden`,
  },
  {
    name: 'HTTP 500 with a GraphQL body: quotes its message',
    flags: { fault: 'http_500' },
    message: (api) => `HTTP 500 from ${api}: Internal Server Error`,
  },
  {
    name: 'HTTP 502 with a gateway’s HTML page: the status and the origin',
    flags: { fault: 'http_502' },
    message: (api) => `HTTP 502 from ${api}.`,
  },
  {
    name: 'a 200 answer that is not JSON',
    flags: { fault: 'non_json' },
    message: (api) => `The response from ${api} was not valid GraphQL JSON.`,
  },
  { name: 'JSON without data', flags: { fault: 'no_data' }, message: () => 'getOauthUrl returned no result.' },
  {
    name: 'errors[] in b.well’s shape: the code and the OperationOutcome’s issue[].details.text',
    flags: { fault: 'graphql_error' },
    message: (_, id) => `b.well returned an error (code 500): Connection ${id} is not available for this member.`,
  },
  {
    name: 'errors[] in b.well’s shape for an unknown connection (code 404)',
    options: { connectionId: uniqueId('unknown_clinic') },
    message: (_, id) => `b.well returned an error (code 404): Connection ${id} was not found.`,
  },
  {
    name: 'errors[] without an OperationOutcome: falls back to errors[].message',
    flags: { fault: 'graphql_error_plain' },
    message: () => 'b.well returned an error: Something went wrong.',
  },
  { name: 'getOauthUrl: null', flags: { fault: 'null' }, message: () => 'getOauthUrl returned no result.' },
  {
    name: 'an empty redirectUrl',
    flags: { fault: 'url_empty' },
    message: () => 'getOauthUrl returned an empty redirectUrl.',
  },
  {
    name: 'a relative redirectUrl',
    flags: { fault: 'url_relative' },
    message: () => 'getOauthUrl returned a redirectUrl that is not an absolute URL.',
  },
  {
    name: 'a javascript: redirectUrl is refused before anything navigates',
    flags: { fault: 'url_javascript' },
    message: () =>
      'getOauthUrl returned an unsafe javascript: redirectUrl; only https: (or http: on loopback) is allowed.',
  },
  {
    name: 'a data: redirectUrl is refused',
    flags: { fault: 'url_data' },
    message: () => 'getOauthUrl returned an unsafe data: redirectUrl; only https: (or http: on loopback) is allowed.',
  },
  {
    name: 'an http: redirectUrl on a non-loopback host is refused',
    flags: { fault: 'url_http_remote' },
    message: () => 'getOauthUrl returned an unsafe http: redirectUrl; only https: (or http: on loopback) is allowed.',
  },
];

describe('hostile input: API faults end in request_failed with a message a developer can act on', () => {
  for (const fault of FAULTS) {
    it(fault.name, async () => {
      const { el, result } = await attempt(fault.flags ?? {}, fault.options);
      expect(result).to.deep.equal(failed(el, fault.message(apiOrigin, el.connectionId)));
    });
  }

  it('an answer slower than user activation lasts (6 s): the popup opened in the click still works', async function () {
    this.timeout(30_000);
    const { el, recorder } = await page.start({ fault: 'slow', auto: 'success' });
    const popup = page.popup();
    expect(popup.closed, 'opened at once, before the answer').to.equal(false);
    const started = performance.now();
    expect(await page.nextResult(recorder)).to.deep.equal({ connectionId: el.connectionId, status: 'success' });
    expect(performance.now() - started, 'the answer really was slow').to.be.above(5000);
    await expectClosed(popup);
    expect(await requestCount(el.connectionId)).to.equal(1);
  });

  it('cancel() while the URL request is in flight: aborted, the popup closed', async () => {
    const { el, recorder } = await page.start({ auto: 'success', delay: '1500' });
    await waitForRequests(el.connectionId, 1);
    el.cancel();
    expect(await page.nextResult(recorder)).to.deep.equal(cancelled(el));
    await expectClosed(page.popup());
    expect(el.getAttribute('state')).to.equal('failed');
  });

  it('a failed attempt can be retried: a second click asks again and succeeds', async () => {
    const { el } = await attempt({ fault: 'http_500' });
    el.endpoint = el.endpoint.replace('fault=http_500', 'auto=success');
    await el.updateComplete;
    const recorder = await page.click(el);
    expect(await page.nextResult(recorder)).to.deep.equal({ connectionId: el.connectionId, status: 'success' });
    expect(await requestCount(el.connectionId)).to.equal(2);
  });
});

describe('hostile settings and servers: every setting parsed, every answer bounded', () => {
  let warn: sinon.SinonStub;
  beforeEach(() => {
    warn = sinon.stub(console, 'warn');
  });
  afterEach(() => warn.restore());

  it('trustedOrigins set as a string (not an array): parsed, and the completion page is trusted', async () => {
    const { completionOrigin } = await emulator();
    const el = await page.mount({ auto: 'success' });
    el.trustedOrigins = `https://other.example, ${completionOrigin}/index.html`;
    const recorder = await page.click(el);
    expect(await page.nextResult(recorder)).to.deep.equal({ connectionId: el.connectionId, status: 'success' });
    expect(warn.callCount).to.equal(0);
  });

  it('invalid trusted origins are dropped with one warning naming the first', async () => {
    const el = await page.mount({ auto: 'success' });
    el.trustedOrigins = ['not a url', 42] as unknown as string[];
    const recorder = await page.click(el);
    // The completion origin is no longer trusted: its success arrives and is ignored.
    await page.messages.waitFrom(page.popup(), 'the completion page');
    expect(recorder.events, 'the untrusted success counted').to.have.length(0);
    el.cancel();
    expect((await page.nextResult(recorder)).status).to.equal('aborted');
    expect(warn.args.map((args) => String(args[0]))).to.deep.equal([
      '<bwell-connect>: trusted-origins entry "not a url and 1 more" is not an origin; using none for it.',
    ]);
  });

  it('timeout = Number.MAX_SAFE_INTEGER ("never"): clamped to 2^31−1 with a warning, the attempt succeeds', async () => {
    // Unclamped, the browser would fire the timeout at once, long before the provider's answer.
    const el = await page.mount({ auto: 'success' });
    el.timeout = Number.MAX_SAFE_INTEGER;
    const recorder = await page.click(el);
    expect(await page.nextResult(recorder)).to.deep.equal({ connectionId: el.connectionId, status: 'success' });
    expect(String(warn.firstCall.args[0])).to.match(
      /timeout "9007199254740991" is not a number of ms within 1000…2147483647; using 2147483647/,
    );
  });

  it('mode "Popup" (a typo) with the popup blocked: popup_blocked, the page never navigates', async () => {
    const el = await page.mount({ auto: 'success' });
    el.mode = 'Popup' as 'popup';
    const before = location.href;
    // No user activation: the browser blocks the popup.
    const result = await el.connect();
    expect(result.status).to.equal('popup_blocked');
    expect(location.href).to.equal(before);
    expect(await requestCount(el.connectionId)).to.equal(0);
    expect(String(warn.firstCall.args[0])).to.match(/mode "Popup" is not popup, redirect or auto; using popup/);
  });

  it('popup-features with noopener: removed with a warning, the popup opens and succeeds', async () => {
    const el = await page.mount({ auto: 'success' });
    el.setAttribute('popup-features', 'width=500,noopener,noreferrer');
    const recorder = await page.click(el);
    expect(await page.nextResult(recorder)).to.deep.equal({ connectionId: el.connectionId, status: 'success' });
    expect(warn.callCount).to.equal(1);
  });

  it('an http: endpoint on another host: request_failed before the token is read or anything is sent', async () => {
    let tokenReads = 0;
    const el = await page.mount(
      {},
      { endpoint: 'http://api.example/v1/graphql', accessToken: () => (tokenReads++, 'secret') },
    );
    const recorder = await page.click(el);
    expect(await page.nextResult(recorder)).to.deep.equal({
      connectionId: el.connectionId,
      status: 'request_failed',
      message: 'The endpoint must be https (or http on loopback); nothing was sent.',
    });
    expect(tokenReads).to.equal(0);
    expect(page.popups.calls).to.equal(0);
  });

  it('a token function that never settles: request_failed at request-timeout naming it, the popup closed', async () => {
    const el = await page.mount({}, { accessToken: () => new Promise<string>(() => undefined) });
    el.requestTimeout = 1000;
    const recorder = await page.click(el);
    expect(await page.nextResult(recorder)).to.deep.equal(
      failed(el, 'The accessToken function did not answer within 1000 ms.'),
    );
    await expectClosed(page.popup());
    expect(await requestCount(el.connectionId)).to.equal(0);
  });

  it('an API that never answers: request_failed at request-timeout naming its origin, the popup closed', async () => {
    const el = await page.mount({ delay: '8000' });
    el.requestTimeout = 1000;
    const recorder = await page.click(el);
    expect(await page.nextResult(recorder)).to.deep.equal(failed(el, `${apiOrigin} did not answer within 1000 ms.`));
    await expectClosed(page.popup());
  });

  it('a gateway that quotes the credential: the token never reaches the message', async () => {
    const token = 'secret-token-0123456789';
    const { el, result } = await attempt({ fault: 'echo_token' }, { accessToken: token });
    expect(result).to.deep.equal(
      failed(
        el,
        `HTTP 401 from ${apiOrigin} (the access token is missing, invalid or expired): Invalid credentials: Bearer [token]`,
      ),
    );
    expect(JSON.stringify(el.lastResult)).not.to.include(token);
  });

  it('a 1 MB error body: the message quotes at most 300 characters of it', async () => {
    const { result } = await attempt({ fault: 'huge_error' });
    expect(result.status).to.equal('request_failed');
    expect(result.message!.length).to.be.below(400);
    expect(result.message).to.match(/^HTTP 500 from .*: Server error: x+…$/);
  });

  it('a 1 MB redirectUrl: refused before anything navigates', async () => {
    const { el, result } = await attempt({ fault: 'url_huge' });
    expect(result).to.deep.equal(failed(el, 'getOauthUrl returned a redirectUrl longer than 16384 characters.'));
  });

  describe('verify-success', () => {
    it('a success b.well recorded: connection-success with verified: true', async () => {
      const el = await page.mount({ auto: 'success' });
      el.verifySuccess = true;
      const recorder = await page.click(el);
      expect(await page.nextResult(recorder)).to.deep.equal({
        connectionId: el.connectionId,
        status: 'success',
        verified: true,
      });
    });

    for (const [where, flags] of [
      ['to this origin with ?status_code=success', { auto: 'hijack', redirect: 'custom' }],
      ['to b.well’s completion page with ?status_code=success', { auto: 'hijack' }],
    ] as const) {
      it(`a hijacked redirect ${where}: error, "b.well did not confirm the connection"`, async () => {
        const requests = recordGraphqlRequests();
        try {
          await withPageClock(async (clock) => {
            const el = await page.mount(flags);
            el.verifySuccess = true;
            const recorder = await page.click(el);
            // b.well has answered the reading at the start and the first check of the reported success: not
            // connected. The rest of the confirmation time (test/attempt/connect-attempt.test.ts) is skipped.
            const memberReads = () => requests.answered.filter((body) => body.includes('getMemberConnections')).length;
            await waitFor(
              () => el.phase === 'confirming-success' && memberReads() >= 2,
              'b.well was never asked to confirm the success',
            );
            await clock.skip(DEFAULTS.confirmSuccessTime);
            expect(await page.nextResult(recorder)).to.deep.equal({
              connectionId: el.connectionId,
              status: 'error',
              message: 'b.well did not confirm the connection.',
            });
            await expectClosed(page.popup());
          });
        } finally {
          requests.restore();
        }
      });
    }
  });
});
