// The emulator end to end over real HTTP, without a browser (part of `npm test`; alone:
// `node --test test/node/emulator-smoke.test.mjs`). The checks share one emulator and run in order.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startEmulator } from '../../emulator/index.mjs';

const hostOrigin = 'http://localhost:8000';
/** @type {import('../../emulator/index.mjs').Emulator} */
let emulator;
let endpoint = '';
let apiOrigin = '';
let providerOrigin = '';
let completionOrigin = '';

before(async () => {
  emulator = await startEmulator({ hostOrigin });
  ({ endpoint, apiOrigin, providerOrigin, completionOrigin } = emulator);
});
after(() => emulator?.close());

const OAUTH = 'query getOauthUrl($connectionId: String!) { getOauthUrl(connectionId: $connectionId) { redirectUrl } }';
const MEMBER = '{ getMemberConnections { id status statusUpdated } }';

/**
 * @param {string} query
 * @param {Record<string, unknown>} [variables]
 * @param {{ token?: string | null, flags?: string, origin?: string }} [options]
 */
async function post(query, variables, { token = 'smoke-token', flags = '', origin = hostOrigin } = {}) {
  /** @type {Record<string, string>} */
  const headers = { 'content-type': 'application/json', accept: 'application/json', origin };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${endpoint}${flags}`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { response, text, json };
}

/** @param {string} connectionId @param {Parameters<typeof post>[2]} [options] */
const oauth = (connectionId, options) => post(OAUTH, { connectionId }, options);

test('preflight answers CORS', async () => {
  const response = await fetch(endpoint, {
    method: 'OPTIONS',
    headers: {
      origin: hostOrigin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization,content-type',
    },
  });
  assert.equal(response.status, 204);
  assert.equal(response.headers.get('access-control-allow-origin'), hostOrigin);
  assert.match(response.headers.get('access-control-allow-headers') ?? '', /authorization/);
  assert.match(response.headers.get('access-control-allow-methods') ?? '', /POST/);
});

test('401 without a token, readable cross-origin', async () => {
  const { response, json } = await oauth('proa_demo', { token: null });
  assert.equal(response.status, 401);
  assert.equal(response.headers.get('access-control-allow-origin'), hostOrigin);
  assert.deepEqual(json, { errors: [{ message: 'Unauthorized' }] });
});

test('401 with the token "invalid"; auth=none skips the check', async () => {
  assert.equal((await oauth('proa_demo', { token: 'invalid' })).response.status, 401);
  const { response, json } = await oauth('proa_demo', { token: null, flags: '?auth=none' });
  assert.equal(response.status, 200);
  assert.ok(json.data.getOauthUrl.redirectUrl);
});

test('getOauthUrl returns a provider URL with the scenario flags', async () => {
  const { response, json } = await oauth('proa_demo', { flags: '?auto=success&coop=1&autoDelay=10' });
  assert.equal(response.status, 200);
  const url = new URL(json.data.getOauthUrl.redirectUrl);
  assert.equal(url.origin, providerOrigin);
  assert.equal(url.pathname, '/authorize');
  assert.equal(url.searchParams.get('connection'), 'proa_demo');
  assert.match(url.searchParams.get('access_token') ?? '', /^emu-secret-/);
  assert.ok(url.searchParams.get('session'));
  assert.equal(url.searchParams.get('return'), `${completionOrigin}/index.html`);
  assert.equal(url.searchParams.get('auto'), 'success');
  assert.equal(url.searchParams.get('coop'), '1');
});

test('operationName may be omitted or given', async () => {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer x' },
    body: JSON.stringify({ query: OAUTH, variables: { connectionId: 'proa_demo' }, operationName: 'getOauthUrl' }),
  });
  assert.equal(response.status, 200);
});

test('redirect=custom returns to the host callback page', async () => {
  const { json } = await oauth('proa_demo', { flags: '?redirect=custom' });
  const url = new URL(json.data.getOauthUrl.redirectUrl);
  assert.equal(url.searchParams.get('return'), `${hostOrigin}/demo/callback.html`);
});

test('b.well error shape for fault_graphql_error', async () => {
  const { response, json } = await oauth('fault_graphql_error');
  assert.equal(response.status, 200);
  assert.equal(json.data, null);
  const [error] = json.errors;
  assert.equal(error.extensions.code, '500');
  assert.equal(error.extensions.resource.resourceType, 'OperationOutcome');
  assert.deepEqual(error.extensions.resource.issue[0], {
    severity: 'error',
    code: 'exception',
    details: { text: 'Connection fault_graphql_error is not available for this member' },
  });
});

test('unknown_* is a b.well 404', async () => {
  const { json } = await oauth('unknown_clinic');
  assert.equal(json.errors[0].extensions.code, '404');
  assert.match(json.errors[0].extensions.resource.issue[0].details.text, /not found/);
});

test('faults by flag and by connection id', async () => {
  const badGateway = await oauth('proa_demo', { flags: '?fault=http_502' });
  assert.equal(badGateway.response.status, 502);
  assert.match(badGateway.response.headers.get('content-type') ?? '', /text\/html/);
  assert.equal(badGateway.response.headers.get('access-control-allow-origin'), hostOrigin);
  assert.equal((await oauth('fault_http_403')).response.status, 403);
  const nonJson = await oauth('fault_non_json');
  assert.equal(nonJson.response.status, 200);
  assert.equal(nonJson.json, undefined);
  assert.deepEqual((await oauth('fault_no_data')).json, {});
  assert.deepEqual((await oauth('fault_null')).json, { data: { getOauthUrl: null } });
  assert.equal((await oauth('fault_url_javascript')).json.data.getOauthUrl.redirectUrl, 'javascript:alert(1)');
  assert.equal((await oauth('fault_url_empty')).json.data.getOauthUrl.redirectUrl, '');
  const plain = (await oauth('fault_graphql_error_plain')).json.errors[0];
  assert.equal(typeof plain.message, 'string');
  assert.equal(plain.extensions, undefined);
});

test('delay=<ms> holds the answer', async () => {
  const start = Date.now();
  await oauth('proa_demo', { flags: '?delay=300' });
  assert.ok(Date.now() - start >= 290);
});

test('the log counts calls, notes the header, never the token', async () => {
  await fetch(`${apiOrigin}/__emulator/reset`);
  await oauth('log_me', { token: null });
  await oauth('log_me', { token: 'secret-token-value' });
  const response = await fetch(`${apiOrigin}/__emulator/log?connectionId=log_me`, { headers: { origin: hostOrigin } });
  assert.equal(response.headers.get('access-control-allow-origin'), hostOrigin);
  const text = await response.text();
  const log = JSON.parse(text);
  assert.equal(log.count, 2);
  assert.deepEqual(
    log.requests.map((/** @type {any} */ r) => r.authorization),
    [false, true],
  );
  assert.doesNotMatch(text, /secret-token-value/);
});

test('provider consent marks the connection CONNECTED', async () => {
  await fetch(`${apiOrigin}/__emulator/reset`);
  const { json } = await oauth('proa_demo', { flags: '?coop=1' });
  const redirectUrl = new URL(json.data.getOauthUrl.redirectUrl);

  const page = await fetch(redirectUrl);
  assert.equal(page.status, 200);
  assert.equal(page.headers.get('cross-origin-opener-policy'), 'same-origin');
  assert.match(await page.text(), /Allow/);

  const before = (await post(MEMBER)).json.data.getMemberConnections;
  assert.deepEqual(
    before.map((/** @type {any} */ c) => [c.id, c.status]),
    [
      ['epic_on_fhir_sandbox', 'CONNECTED'],
      ['expired_demo', 'EXPIRED'],
      ['disconnected_demo', 'DISCONNECTED'],
      ['proa_demo', 'DISCONNECTED'],
    ],
  );

  const session = redirectUrl.searchParams.get('session');
  const done = await fetch(`${providerOrigin}/authorize/complete?session=${session}&code=success`, {
    redirect: 'manual',
  });
  assert.equal(done.status, 302);
  const location = new URL(done.headers.get('location') ?? '');
  assert.equal(`${location.origin}${location.pathname}`, `${completionOrigin}/index.html`);
  assert.equal(location.searchParams.get('status_code'), 'success');

  const after = (await post(MEMBER)).json.data.getMemberConnections;
  const proa = after.find((/** @type {any} */ c) => c.id === 'proa_demo');
  assert.equal(proa.status, 'CONNECTED');
  assert.ok(Date.now() - Date.parse(proa.statusUpdated) < 5000);

  const completion = await fetch(location);
  assert.match(await completion.text(), /Your records are connected/);
});

test('error at the provider marks the connection ERROR', async () => {
  const { json } = await oauth('proa_other');
  const session = new URL(json.data.getOauthUrl.redirectUrl).searchParams.get('session');
  await fetch(`${providerOrigin}/authorize/complete?session=${session}&code=error`, { redirect: 'manual' });
  const connections = (await post(MEMBER)).json.data.getMemberConnections;
  assert.equal(connections.find((/** @type {any} */ c) => c.id === 'proa_other').status, 'ERROR');
});

test('every origin answers /favicon.ico with an icon, so no page logs a 404', async () => {
  for (const origin of [apiOrigin, providerOrigin, completionOrigin]) {
    const response = await fetch(`${origin}/favicon.ico`);
    assert.equal(response.status, 200, origin);
    assert.equal(response.headers.get('content-type'), 'image/svg+xml', origin);
    assert.match(await response.text(), /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/, origin);
    const head = await fetch(`${origin}/favicon.ico`, { method: 'HEAD' });
    assert.equal(head.status, 200, origin);
  }
});
