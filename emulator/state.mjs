// The emulator's memory, shared by the API and the provider so a consent given in the popup shows up in
// getMemberConnections, as it would at b.well.
import { randomUUID } from 'node:crypto';

/** @typedef {'CONNECTED' | 'EXPIRED' | 'ERROR' | 'DISCONNECTED' | 'ACCESS_ENDED' | 'DELETED'} ConnectionStatus */
/** @typedef {{ id: string, status: ConnectionStatus, statusUpdated: string | null }} MemberConnection */
/** @typedef {{ connectionId: string, returnUrl: string, createdAt: string, outcome: string | null }} Session */
/**
 * One getOauthUrl call. Holds whether a bearer token came, never the token itself.
 * @typedef {{ connectionId: string, time: string, authorization: boolean, origin: string | null, flags: Record<string, string> }} OauthRequest
 */

/** What a provider outcome does to the member's connection; the other codes leave it as it was. */
const statusAfter = /** @type {Record<string, ConnectionStatus>} */ ({ success: 'CONNECTED', error: 'ERROR' });

export function createState() {
  /** @type {Map<string, MemberConnection>} */
  const connections = new Map();
  /** @type {Map<string, Session>} */
  const sessions = new Map();
  /** @type {OauthRequest[]} */
  const log = [];

  function reset() {
    connections.clear();
    sessions.clear();
    log.length = 0;
    connections.set('epic_on_fhir_sandbox', {
      id: 'epic_on_fhir_sandbox',
      status: 'CONNECTED',
      statusUpdated: '2025-01-15T09:30:00.000Z',
    });
  }
  reset();

  return {
    reset,

    /** @param {OauthRequest} request */
    recordRequest(request) {
      log.push(request);
    },

    /** @param {string | null} [connectionId] */
    requests(connectionId) {
      return connectionId ? log.filter((r) => r.connectionId === connectionId) : [...log];
    },

    /**
     * A connection id the member has asked about joins their list, not yet connected.
     * @param {string} id
     */
    seeConnection(id) {
      if (!connections.has(id)) {
        connections.set(id, { id, status: 'DISCONNECTED', statusUpdated: new Date().toISOString() });
      }
    },

    memberConnections() {
      return [...connections.values()];
    },

    /**
     * @param {{ connectionId: string, returnUrl: string }} session
     * @returns {string} the session id
     */
    openSession({ connectionId, returnUrl }) {
      const id = randomUUID();
      sessions.set(id, { connectionId, returnUrl, createdAt: new Date().toISOString(), outcome: null });
      return id;
    },

    /** @param {string} id */
    session(id) {
      return sessions.get(id);
    },

    /**
     * The provider reports how the member left the consent page.
     * @param {string} id session id
     * @param {string} code status_code
     */
    completeSession(id, code) {
      const session = sessions.get(id);
      if (!session) return undefined;
      session.outcome = code;
      const status = statusAfter[code];
      if (status) {
        connections.set(session.connectionId, {
          id: session.connectionId,
          status,
          statusUpdated: new Date().toISOString(),
        });
      }
      return session;
    },
  };
}

/** @typedef {ReturnType<typeof createState>} EmulatorState */
