// The subset of b.well's GraphQL schema the element touches, on the graphql reference implementation.
import { buildSchema, GraphQLError } from 'graphql';
import { faultFor, redirectUrlFaults } from './faults.mjs';

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
 * What a resolver needs from the HTTP request. `fault` is written by getOauthUrl so the HTTP layer can
 * replace or delay the whole answer afterwards.
 * @typedef {{
 *   state: import('./state.mjs').EmulatorState,
 *   flags: Record<string, string>,
 *   oauthUrl(connectionId: string): string,
 *   fault: string | null,
 * }} ResolverContext
 */

export const rootValue = {
  /**
   * @param {{ connectionId: string }} args
   * @param {ResolverContext} context
   */
  getOauthUrl({ connectionId }, context) {
    const fault = faultFor(connectionId, context.flags);
    context.fault = fault;
    if (fault !== null && fault in redirectUrlFaults) {
      return { redirectUrl: redirectUrlFaults[/** @type {keyof typeof redirectUrlFaults} */ (fault)] };
    }
    if (fault === 'graphql_error') {
      throw bwellError(`Connection ${connectionId} is not available for this member`);
    }
    if (fault === 'graphql_error_plain') {
      throw new Error('Something went wrong');
    }
    if (connectionId.startsWith('unknown_')) {
      throw bwellError(`Connection ${connectionId} was not found`, '404');
    }
    if (fault === null) context.state.seeConnection(connectionId);
    return { redirectUrl: context.oauthUrl(connectionId) };
  },

  /**
   * @param {unknown} _args
   * @param {ResolverContext} context
   */
  getMemberConnections(_args, context) {
    return context.state.memberConnections();
  },
};
