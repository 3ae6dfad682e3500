// The subset of b.well's GraphQL schema the element touches, on the graphql reference implementation.
import { randomBytes } from 'node:crypto';
import { buildSchema, graphql, GraphQLError } from 'graphql';
import { faultFor, redirectUrlFaults } from './faults.mjs';
import { SYNC_MODES } from './state.mjs';

export const schema = buildSchema(`
  type Query {
    getOauthUrl(connectionId: String!): GenerateUrl!
    getMemberConnections: [MemberConnection!]!
  }

  type GenerateUrl {
    redirectUrl: String!
  }

  type MemberConnection {
    id: String!
    status: String!
    statusUpdated: String
    syncStatus: String
    lastSynced: String
  }
`);

/**
 * An error as b.well sends it: a string code and a FHIR OperationOutcome whose details.text is the human message.
 * @param {string} text
 * @param {string} [code]
 */
export function bwellError(text, code = '500') {
  return new GraphQLError(text, {
    extensions: {
      code,
      resource: {
        resourceType: 'OperationOutcome',
        issue: [{ severity: 'error', code: code === '404' ? 'not-found' : 'exception', details: { text } }],
      },
    },
  });
}

/**
 * What a resolver may read about the request.
 * @typedef {{
 *   state: import('./state.mjs').EmulatorState,
 *   flags: Record<string, string>,
 *   origins: { request: string | undefined, host: string | undefined, provider: string, completion: string },
 * }} ResolverContext
 */

/**
 * A resolver's answer: a value or an error for graphql, and the fault the HTTP layer must play (a getOauthUrl
 * concern; other resolvers leave it undefined).
 * @typedef {{ fault?: string | null, value?: unknown, error?: unknown }} Resolution
 */

/** @type {Record<string, (args: any, context: ResolverContext) => Resolution>} */
export const resolvers = {
  getOauthUrl({ connectionId }, context) {
    const fault = faultFor(connectionId, context.flags);
    try {
      return { fault, value: { redirectUrl: oauthRedirectUrl(connectionId, fault, context) } };
    } catch (error) {
      // The fault still counts: `slow` delays an error as much as an answer.
      return { fault, error };
    }
  },

  getMemberConnections(_args, { state }) {
    return { value: state.memberConnections() };
  },
};

/**
 * Runs one GraphQL request against the resolvers.
 * @param {{ query: string, variables?: Record<string, unknown>, operationName?: string }} request
 * @param {ResolverContext} context
 * @returns {Promise<{ result: import('graphql').ExecutionResult, fault: string | null }>} `fault` is the last
 *   one a resolver returned, or null
 */
export async function execute({ query, variables, operationName }, context) {
  /** @type {string | null} */
  let fault = null;
  const rootValue = Object.fromEntries(
    Object.entries(resolvers).map(([name, resolve]) => [
      name,
      /** @param {unknown} args @param {ResolverContext} ctx */
      (args, ctx) => {
        const resolution = resolve(args, ctx);
        if (resolution.fault !== undefined) fault = resolution.fault;
        if ('error' in resolution) throw resolution.error;
        return resolution.value;
      },
    ]),
  );
  const result = await graphql({
    schema,
    rootValue,
    source: query,
    variableValues: variables,
    operationName,
    contextValue: context,
  });
  return { result, fault };
}

/**
 * @param {string} connectionId
 * @param {string | null} fault
 * @param {ResolverContext} context
 */
function oauthRedirectUrl(connectionId, fault, { state, flags, origins }) {
  if (fault !== null && fault in redirectUrlFaults) {
    return redirectUrlFaults[/** @type {keyof typeof redirectUrlFaults} */ (fault)];
  }
  if (fault === 'graphql_error') throw bwellError(`Connection ${connectionId} is not available for this member`);
  if (fault === 'graphql_error_plain') throw new Error('Something went wrong');
  if (connectionId.startsWith('unknown_')) throw bwellError(`Connection ${connectionId} was not found`, '404');
  if (fault === null) state.seeConnection(connectionId);
  const returnUrl = providerReturnUrl(flags, origins);
  return providerUrl({
    providerOrigin: origins.provider,
    sessionId: state.openSession({ connectionId, returnUrl, lag: recordLag(flags), sync: syncMode(flags) }),
    connectionId,
    // Real redirect URLs carry a secret like this one; it lets tests check that nothing leaks it.
    secret: `emu-secret-${randomBytes(12).toString('hex')}`,
    returnUrl,
    flags,
  });
}

/**
 * `lag=<ms>`: how long b.well takes to show the provider's outcome in getMemberConnections (0 … 60 000).
 * @param {Record<string, string | undefined>} flags
 */
function recordLag(flags) {
  const lag = Number(flags.lag);
  return Number.isFinite(lag) ? Math.min(60_000, Math.max(0, lag)) : 0;
}

/**
 * `sync=error|slow`: an Allow's import of records ends in ERROR, or takes 60 s (default: about 6 s, RETRIEVED).
 * @param {Record<string, string | undefined>} flags
 * @returns {import('./state.mjs').SyncMode}
 */
export function syncMode({ sync }) {
  if (sync === undefined) return 'normal';
  if (!SYNC_MODES.includes(/** @type {import('./state.mjs').SyncMode} */ (sync))) {
    throw new Error(`unknown sync "${sync}"; known: ${SYNC_MODES.join(', ')}`);
  }
  return /** @type {import('./state.mjs').SyncMode} */ (sync);
}

/** Flags the provider page acts on; they travel in its URL. */
const providerFlags = ['auto', 'autoDelay', 'coop'];

/**
 * The provider's sign-in URL that getOauthUrl answers with.
 * @param {{
 *   providerOrigin: string,
 *   sessionId: string,
 *   connectionId: string,
 *   secret: string,
 *   returnUrl: string,
 *   flags: Record<string, string | undefined>,
 * }} parts
 */
export function providerUrl({ providerOrigin, sessionId, connectionId, secret, returnUrl, flags }) {
  const url = new URL('/authorize', providerOrigin);
  url.searchParams.set('session', sessionId);
  url.searchParams.set('connection', connectionId);
  url.searchParams.set('access_token', secret);
  url.searchParams.set('return', returnUrl);
  for (const flag of providerFlags) {
    const value = flags[flag];
    if (value !== undefined) url.searchParams.set(flag, value);
  }
  return url.href;
}

/**
 * Where the provider sends the member back: b.well's completion page, or with `redirect=custom` the redirect
 * page an integrator registers with b.well (`returnPath`, a page of the host's).
 * @param {Record<string, string | undefined>} flags
 * @param {ResolverContext['origins']} origins
 */
export function providerReturnUrl(flags, origins) {
  if (flags.redirect !== 'custom') return `${origins.completion}/index.html`;
  const returnPath = flags.returnPath?.startsWith('/') ? flags.returnPath : '/demo/callback.html';
  return `${customRedirectOrigin(origins.request, origins.host)}${returnPath}`;
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
