// b.well's GraphQL API: `${apiOrigin}/v1/graphql`, cross-origin, bearer-protected, plus two test hooks
// (`/__emulator/log`, `/__emulator/reset`) on the same origin.
import { Kind, parse, visit } from 'graphql';
import { responseFaults, SLOW_MS } from './faults.mjs';
import { listen, readBody, sendHtml, sendJson, sleep } from './http.mjs';
import { execute } from './schema.mjs';

export const GRAPHQL_PATH = '/v1/graphql';

const unauthorized = { errors: [{ message: 'Unauthorized' }] };

/**
 * @typedef {{
 *   req: import('node:http').IncomingMessage,
 *   res: import('node:http').ServerResponse,
 *   url: URL,
 *   cors: Record<string, string>,
 * }} Exchange
 * @typedef {{ methods?: string[], handle(exchange: Exchange): unknown }} Route  without `methods`, any method
 */

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
  /** @type {Map<string, Route>} */
  const routes = new Map([
    [
      '/__emulator/log',
      {
        handle: ({ res, url, cors }) => {
          const requests = state.requests(url.searchParams.get('connectionId'));
          sendJson(res, 200, { count: requests.length, requests }, cors);
        },
      },
    ],
    [
      '/__emulator/connections',
      {
        // Sets one of the member's connections as a test needs it: ?id=…&status=…&syncStatus=…&lastSynced=…&statusUpdated=…
        methods: ['POST'],
        handle: ({ res, url, cors }) => {
          const { id, ...fields } = Object.fromEntries(url.searchParams);
          if (!id) {
            sendJson(res, 400, { errors: [{ message: 'Missing ?id=' }] }, cors);
            return;
          }
          const known = ['status', 'statusUpdated', 'syncStatus', 'lastSynced'];
          const unknown = Object.keys(fields).filter((name) => !known.includes(name));
          if (unknown.length > 0) {
            sendJson(
              res,
              400,
              { errors: [{ message: `Unknown field ${unknown[0]}; known: ${known.join(', ')}` }] },
              cors,
            );
            return;
          }
          // An empty value is null (no syncStatus yet, say).
          const values = Object.fromEntries(
            Object.entries(fields).map(([name, value]) => [name, value === '' ? null : value]),
          );
          sendJson(res, 200, { connection: state.putConnection(id, values) }, cors);
        },
      },
    ],
    [
      '/__emulator/reset',
      {
        handle: ({ res, cors }) => {
          state.reset();
          sendJson(res, 200, { ok: true }, cors);
        },
      },
    ],
    [
      GRAPHQL_PATH,
      {
        methods: ['POST', 'GET'],
        handle: (exchange) => answerGraphql(exchange, { state, hostOrigin, providerOrigin, completionOrigin, signal }),
      },
    ],
  ]);

  return listen(async (req, res, url) => {
    const cors = corsHeaders(req.headers.origin);
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { ...cors, 'access-control-max-age': '600' });
      res.end();
      return;
    }
    const route = routes.get(url.pathname);
    if (!route) {
      sendJson(res, 404, { errors: [{ message: `No route ${url.pathname}` }] }, cors);
    } else if (route.methods && !route.methods.includes(req.method ?? '')) {
      sendJson(
        res,
        405,
        { errors: [{ message: `Use ${route.methods[0]}` }] },
        { ...cors, allow: [...route.methods, 'OPTIONS'].join(', ') },
      );
    } else {
      await route.handle({ req, res, url, cors });
    }
  }, port);
}

/**
 * @param {Exchange} exchange
 * @param {{
 *   state: import('./state.mjs').EmulatorState,
 *   hostOrigin?: string,
 *   providerOrigin: string,
 *   completionOrigin: string,
 *   signal: AbortSignal,
 * }} api
 */
async function answerGraphql({ req, res, url, cors }, { state, hostOrigin, providerOrigin, completionOrigin, signal }) {
  const flags = Object.fromEntries(url.searchParams);
  const request = await readGraphqlRequest(req, url);
  if ('error' in request) {
    sendJson(res, 400, { errors: [{ message: request.error }] }, cors);
    return;
  }

  // Logged before the bearer check, so a test can see that a request arrived without a token.
  const time = new Date().toISOString();
  const authorization = req.headers.authorization !== undefined;
  const origin = req.headers.origin ?? null;
  for (const connectionId of oauthConnectionIds(request.query, request.variables)) {
    state.recordRequest({ connectionId, time, authorization, origin, flags });
  }

  if (flags.auth !== 'none' && !hasAcceptedToken(req.headers.authorization)) {
    sendJson(res, 401, unauthorized, cors);
    return;
  }

  const origins = {
    request: req.headers.origin,
    host: hostOrigin,
    provider: providerOrigin,
    completion: completionOrigin,
  };
  const { result, fault } = await execute(request, { state, flags, origins });

  const wait = (fault === 'slow' ? SLOW_MS : 0) + (Number(flags.delay) || 0);
  if (wait > 0 && !(await sleep(wait, signal))) return;

  const answer = httpAnswer(result, fault, req.headers);
  if ('html' in answer) sendHtml(res, answer.status, answer.html, cors);
  else sendJson(res, answer.status, answer.json, cors);
}

/**
 * A fault that replaces the whole answer wins; otherwise graphql's result goes out.
 * @param {import('graphql').ExecutionResult} result
 * @param {string | null} fault
 * @param {import('node:http').IncomingHttpHeaders} headers
 * @returns {{ status: number, html: string } | { status: number, json: unknown }}
 */
function httpAnswer(result, fault, headers) {
  const replacement = fault === null ? undefined : responseFaults[fault];
  if (replacement?.html !== undefined) return { status: replacement.status, html: replacement.html };
  if (replacement) {
    return {
      status: replacement.status,
      json: typeof replacement.json === 'function' ? replacement.json(headers) : replacement.json,
    };
  }
  // No `data` at all means the request itself was bad (syntax, validation): 400, as Apollo answers.
  return { status: 'data' in result ? 200 : 400, json: result };
}

/** @param {string | undefined} origin */
function corsHeaders(origin) {
  return {
    'access-control-allow-origin': origin ?? '*',
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
 * @param {import('node:http').IncomingMessage} req
 * @param {URL} url
 * @returns {Promise<{ query: string, variables?: Record<string, unknown>, operationName?: string } | { error: string }>}
 */
async function readGraphqlRequest(req, url) {
  /** @type {any} */
  let body;
  try {
    body =
      req.method === 'GET'
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
