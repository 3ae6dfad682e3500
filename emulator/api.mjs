// b.well's GraphQL API: `${apiOrigin}/v1/graphql`, cross-origin, bearer-protected, plus two test hooks
// (`/__emulator/log`, `/__emulator/reset`) on the same origin.
import { randomBytes } from 'node:crypto';
import { graphql, Kind, parse, visit } from 'graphql';
import { responseFaults, SLOW_MS } from './faults.mjs';
import { listen, readBody, sendHtml, sendJson, sleep } from './http.mjs';
import { rootValue, schema } from './schema.mjs';

export const GRAPHQL_PATH = '/v1/graphql';

/** Flags the provider page acts on; the API copies them into the redirectUrl. */
const providerFlags = ['auto', 'autoDelay', 'coop'];

const unauthorized = { errors: [{ message: 'Unauthorized' }] };

/**
 * @param {{
 *   port: number,
 *   state: import('./state.mjs').EmulatorState,
 *   hostOrigin?: string,
 *   providerOrigin: string,
 *   completionOrigin: string,
 *   signal: AbortSignal,
 * }} options
 */
export function startApi({ port, state, hostOrigin, providerOrigin, completionOrigin, signal }) {
  return listen(async (req, res, url) => {
    const cors = corsHeaders(req);
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { ...cors, 'access-control-max-age': '600' });
      res.end();
      return;
    }
    if (url.pathname === '/__emulator/log') {
      const requests = state.requests(url.searchParams.get('connectionId'));
      sendJson(res, 200, { count: requests.length, requests }, cors);
      return;
    }
    if (url.pathname === '/__emulator/reset') {
      state.reset();
      sendJson(res, 200, { ok: true }, cors);
      return;
    }
    if (url.pathname !== GRAPHQL_PATH) {
      sendJson(res, 404, { errors: [{ message: `No route ${url.pathname}` }] }, cors);
      return;
    }
    if (req.method !== 'POST' && req.method !== 'GET') {
      sendJson(res, 405, { errors: [{ message: 'Use POST' }] }, { ...cors, allow: 'POST, GET, OPTIONS' });
      return;
    }

    const flags = Object.fromEntries(url.searchParams);
    const request = await readGraphqlRequest(req, url);
    if ('error' in request) {
      sendJson(res, 400, { errors: [{ message: request.error }] }, cors);
      return;
    }

    // Logged before the bearer check, so a test can see that a request arrived without a token.
    const authorization = req.headers.authorization !== undefined;
    for (const connectionId of oauthConnectionIds(request.query, request.variables)) {
      const origin = req.headers.origin ?? null;
      state.recordRequest({ connectionId, time: new Date().toISOString(), authorization, origin, flags });
    }

    if (flags.auth !== 'none' && !hasAcceptedToken(req.headers.authorization)) {
      sendJson(res, 401, unauthorized, cors);
      return;
    }

    /** @type {import('./schema.mjs').ResolverContext} */
    const context = {
      state,
      flags,
      fault: null,
      oauthUrl: (connectionId) => {
        // `returnPath` stands for the redirect URL an integrator registers with b.well: a page of the host's.
        const returnPath = flags.returnPath?.startsWith('/') ? flags.returnPath : '/demo/callback.html';
        const returnUrl = flags.redirect === 'custom'
          ? `${customRedirectOrigin(req.headers.origin, hostOrigin)}${returnPath}`
          : `${completionOrigin}/index.html`;
        const redirectUrl = new URL('/authorize', providerOrigin);
        redirectUrl.searchParams.set('session', state.openSession({ connectionId, returnUrl }));
        redirectUrl.searchParams.set('connection', connectionId);
        // Real redirect URLs carry a secret like this one; it lets tests check that nothing leaks it.
        redirectUrl.searchParams.set('access_token', `emu-secret-${randomBytes(12).toString('hex')}`);
        redirectUrl.searchParams.set('return', returnUrl);
        for (const flag of providerFlags) {
          if (flags[flag] !== undefined) redirectUrl.searchParams.set(flag, flags[flag]);
        }
        return redirectUrl.href;
      },
    };
    const result = await graphql({
      schema,
      rootValue,
      source: request.query,
      variableValues: request.variables,
      operationName: request.operationName,
      contextValue: context,
    });

    const wait = (context.fault === 'slow' ? SLOW_MS : 0) + (Number(flags.delay) || 0);
    if (wait > 0 && !(await sleep(wait, signal))) return;

    const fault = context.fault === null ? undefined : responseFaults[context.fault];
    if (fault?.html !== undefined) {
      sendHtml(res, fault.status, fault.html, cors);
    } else if (fault) {
      sendJson(res, fault.status, typeof fault.json === 'function' ? fault.json(req.headers) : fault.json, cors);
    } else {
      // No `data` at all means the request itself was bad (syntax, validation): 400, as Apollo answers.
      sendJson(res, 'data' in result ? 200 : 400, result, cors);
    }
  }, port);
}

/** @param {import('node:http').IncomingMessage} req */
function corsHeaders(req) {
  return {
    'access-control-allow-origin': req.headers.origin ?? '*',
    'access-control-allow-headers': 'authorization, content-type, accept',
    'access-control-allow-methods': 'POST, GET, OPTIONS',
    vary: 'Origin',
  };
}

/**
 * Any non-empty bearer token is a valid member session, except the literal `invalid`.
 * @param {string | undefined} header
 */
function hasAcceptedToken(header) {
  const token = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1];
  return token !== undefined && token !== 'invalid';
}

/**
 * The custom redirect page lives on the page that asked (it is the opener the element polls from),
 * else on the host the emulator was started for.
 * @param {string | undefined} requestOrigin
 * @param {string | undefined} hostOrigin
 */
function customRedirectOrigin(requestOrigin, hostOrigin) {
  if (requestOrigin && /^https?:\/\/[^/]+$/.test(requestOrigin)) return requestOrigin;
  if (hostOrigin) return hostOrigin;
  throw new Error('redirect=custom needs a host origin: send an Origin header or start the emulator with hostOrigin');
}

/**
 * @param {import('node:http').IncomingMessage} req
 * @param {URL} url
 * @returns {Promise<{ query: string, variables?: Record<string, unknown>, operationName?: string } | { error: string }>}
 */
async function readGraphqlRequest(req, url) {
  /** @type {any} */
  let body;
  try {
    body = req.method === 'GET'
      ? {
          query: url.searchParams.get('query'),
          variables: JSON.parse(url.searchParams.get('variables') ?? 'null'),
          operationName: url.searchParams.get('operationName'),
        }
      : JSON.parse(await readBody(req));
  } catch {
    return { error: 'Body is not valid JSON' };
  }
  if (typeof body?.query !== 'string') return { error: 'Missing "query" string' };
  return {
    query: body.query,
    variables: body.variables ?? undefined,
    operationName: body.operationName ?? undefined,
  };
}

/**
 * The connection ids a document asks getOauthUrl about, whether passed as variables or inline.
 * @param {string} query
 * @param {Record<string, unknown> | undefined} variables
 * @returns {string[]}
 */
function oauthConnectionIds(query, variables) {
  /** @type {string[]} */
  const ids = [];
  let document;
  try {
    document = parse(query);
  } catch {
    return ids;
  }
  visit(document, {
    Field(field) {
      if (field.name.value !== 'getOauthUrl') return;
      const value = field.arguments?.find((a) => a.name.value === 'connectionId')?.value;
      if (value?.kind === Kind.STRING) ids.push(value.value);
      if (value?.kind === Kind.VARIABLE) ids.push(String(variables?.[value.name.value] ?? ''));
    },
  });
  return ids;
}
