import { expect, waitUntil } from '@open-wc/testing';
import type { BwellConnectElement } from '../src/bwell-connect-element.js';
import type { ConnectionResult } from '../src/status.js';
import { emulator, expectClosed, mount, type MountOptions, realClick, recordEvents, requestCount, uniqueId } from './support/e2e.js';
import { onlyPopup, onlyResult, recordPopups } from './hostile-support.js';

let popups: ReturnType<typeof recordPopups>;
let apiOrigin: string;

beforeEach(async () => {
  ({ apiOrigin } = await emulator());
  popups = recordPopups();
});
afterEach(() => popups.restore());

/**
 * Clicks a freshly mounted element and returns its only result, after checking that the popup it opened
 * at once is closed again.
 */
async function attempt(flags: Record<string, string>, options: MountOptions = {}): Promise<{ el: BwellConnectElement; result: ConnectionResult }> {
  const el = await mount(flags, options);
  const recorder = recordEvents(el);
  await realClick(el);
  const result = await onlyResult(recorder);
  await expectClosed(onlyPopup(popups));
  expect(el.getAttribute('state')).to.equal(result.status === 'success' ? 'succeeded' : 'failed');
  return { el, result };
}

/** The result of an attempt against a faulty API: request_failed with a message. */
function failed(el: BwellConnectElement, message: string): ConnectionResult {
  return { connectionId: el.connectionId, status: 'request_failed', message };
}

describe('hostile input: API faults end in exactly one request_failed with a message a developer can act on', () => {
  it('connection refused: names the origin it could not reach', async () => {
    const { el, result } = await attempt({}, { endpoint: 'http://127.0.0.1:9/v1/graphql' });
    expect(result).to.deep.equal(failed(el, 'Network error: could not reach http://127.0.0.1:9.'));
  });

  it('HTTP 401 without a token: says the token is missing, invalid or expired', async () => {
    const { el, result } = await attempt({}, { accessToken: null });
    expect(result).to.deep.equal(
      failed(el, `HTTP 401 from ${apiOrigin} (the access token is missing, invalid or expired): Unauthorized`),
    );
  });

  it('HTTP 401 for the token "invalid": the same message', async () => {
    const { el, result } = await attempt({}, { accessToken: 'invalid' });
    expect(result).to.deep.equal(
      failed(el, `HTTP 401 from ${apiOrigin} (the access token is missing, invalid or expired): Unauthorized`),
    );
  });

  it('HTTP 403: says the token may not request this connection', async () => {
    const { el, result } = await attempt({ fault: 'http_403' });
    expect(result).to.deep.equal(
      failed(el, `HTTP 403 from ${apiOrigin} (the access token may not request this connection): Forbidden`),
    );
  });

  it('HTTP 500 with a GraphQL body: quotes its message', async () => {
    const { el, result } = await attempt({ fault: 'http_500' });
    expect(result).to.deep.equal(failed(el, `HTTP 500 from ${apiOrigin}: Internal Server Error`));
  });

  it('HTTP 502 with a gateway’s HTML page: the status and the origin', async () => {
    const { el, result } = await attempt({ fault: 'http_502' });
    expect(result).to.deep.equal(failed(el, `HTTP 502 from ${apiOrigin}.`));
  });

  it('a 200 answer that is not JSON', async () => {
    const { el, result } = await attempt({ fault: 'non_json' });
    expect(result).to.deep.equal(failed(el, `The response from ${apiOrigin} was not valid GraphQL JSON.`));
  });

  it('JSON without data', async () => {
    const { el, result } = await attempt({ fault: 'no_data' });
    expect(result).to.deep.equal(failed(el, 'The GraphQL response had no data.'));
  });

  it('errors[] in b.well’s shape: the code and the OperationOutcome’s issue[].details.text', async () => {
    const { el, result } = await attempt({ fault: 'graphql_error' });
    expect(result).to.deep.equal(
      failed(el, `b.well returned an error (code 500): Connection ${el.connectionId} is not available for this member.`),
    );
  });

  it('errors[] in b.well’s shape for an unknown connection (code 404)', async () => {
    const { el, result } = await attempt({}, { connectionId: uniqueId('unknown_clinic') });
    expect(result).to.deep.equal(failed(el, `b.well returned an error (code 404): Connection ${el.connectionId} was not found.`));
  });

  it('errors[] without an OperationOutcome: falls back to errors[].message', async () => {
    const { el, result } = await attempt({ fault: 'graphql_error_plain' });
    expect(result).to.deep.equal(failed(el, 'b.well returned an error: Something went wrong.'));
  });

  it('getOauthUrl: null', async () => {
    const { el, result } = await attempt({ fault: 'null' });
    expect(result).to.deep.equal(failed(el, 'getOauthUrl returned no result.'));
  });

  it('an empty redirectUrl', async () => {
    const { el, result } = await attempt({ fault: 'url_empty' });
    expect(result).to.deep.equal(failed(el, 'getOauthUrl returned an empty redirectUrl.'));
  });

  it('a relative redirectUrl', async () => {
    const { el, result } = await attempt({ fault: 'url_relative' });
    expect(result).to.deep.equal(failed(el, 'getOauthUrl returned a redirectUrl that is not an absolute URL.'));
  });

  it('a javascript: redirectUrl is refused before anything navigates', async () => {
    const { el, result } = await attempt({ fault: 'url_javascript' });
    expect(result).to.deep.equal(
      failed(el, 'getOauthUrl returned an unsafe redirectUrl (the scheme javascript:); only https: is allowed.'),
    );
  });

  it('a data: redirectUrl is refused', async () => {
    const { el, result } = await attempt({ fault: 'url_data' });
    expect(result).to.deep.equal(failed(el, 'getOauthUrl returned an unsafe redirectUrl (the scheme data:); only https: is allowed.'));
  });

  it('an http: redirectUrl on a non-loopback host is refused', async () => {
    const { el, result } = await attempt({ fault: 'url_http_remote' });
    expect(result).to.deep.equal(
      failed(el, 'getOauthUrl returned an unsafe redirectUrl (http: on a non-loopback host); only https: is allowed.'),
    );
  });

  it('an answer slower than user activation lasts (6 s): the popup opened in the click still works', async function () {
    this.timeout(30_000);
    const el = await mount({ fault: 'slow', auto: 'success' });
    const recorder = recordEvents(el);
    await realClick(el);
    const popup = onlyPopup(popups);
    expect(popup.closed, 'opened at once, before the answer').to.equal(false);
    const started = performance.now();
    expect(await onlyResult(recorder)).to.deep.equal({ connectionId: el.connectionId, status: 'success' });
    expect(performance.now() - started, 'the answer really was slow').to.be.above(5000);
    await expectClosed(popup);
    expect(await requestCount(el.connectionId)).to.equal(1);
  });

  it('an answer arriving after cancel() is dropped: one aborted event, the popup never navigates', async () => {
    const el = await mount({ auto: 'success', delay: '1500' });
    const recorder = recordEvents(el);
    await realClick(el);
    await waitUntil(async () => (await requestCount(el.connectionId)) === 1, 'the request never arrived', { timeout: 5000 });
    el.cancel();
    expect(await onlyResult(recorder, 2500)).to.deep.equal({
      connectionId: el.connectionId,
      status: 'aborted',
      message: 'cancel() was called.',
    });
    await expectClosed(onlyPopup(popups));
    expect(el.getAttribute('state')).to.equal('failed');
  });

  it('a failed attempt can be retried: a second click asks again and succeeds', async () => {
    const { el } = await attempt({ fault: 'http_500' });
    const recorder = recordEvents(el);
    el.endpoint = el.endpoint.replace('fault=http_500', 'auto=success');
    await el.updateComplete;
    await realClick(el);
    expect(await onlyResult(recorder)).to.deep.equal({ connectionId: el.connectionId, status: 'success' });
    expect(await requestCount(el.connectionId)).to.equal(2);
  });
});
