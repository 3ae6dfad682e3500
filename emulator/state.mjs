// The emulator's memory, shared by the API and the provider so a consent given in the popup shows up in
// getMemberConnections, as it would at b.well.
import { randomUUID } from 'node:crypto';

/** @typedef {'CONNECTED' | 'EXPIRED' | 'ERROR' | 'DISCONNECTED' | 'ACCESS_ENDED' | 'DELETED'} ConnectionStatus */
/** @typedef {{ id: string, status: ConnectionStatus, statusUpdated: string | null }} MemberConnection */
/**
 * One sign-in at the provider. `lag`: ms before b.well's record shows its outcome (see `completeSession`).
 * @typedef {{ connectionId: string, returnUrl: string, createdAt: string, outcome: string | null, lag: number }} Session
 */
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
  /**
   * Outcomes b.well has taken but does not show yet, by connection id, with the time they show from.
   * @type {Map<string, { connection: MemberConnection, at: number }>}
   */
  const pending = new Map();

  /** Moves every pending outcome whose time has come into the member's connections. */
  function showDue() {
    const now = Date.now();
    for (const [id, { connection, at }] of pending) {
      if (at > now) continue;
      connections.set(id, connection);
      pending.delete(id);
    }
  }

  function reset() {
    connections.clear();
    pending.clear();
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
      showDue();
      return [...connections.values()];
    },

    /**
     * @param {{ connectionId: string, returnUrl: string, lag?: number }} session
     * @returns {string} the session id
     */
    openSession({ connectionId, returnUrl, lag = 0 }) {
      const id = randomUUID();
      sessions.set(id, { connectionId, returnUrl, createdAt: new Date().toISOString(), outcome: null, lag });
      return id;
    },

    /** @param {string} id */
    session(id) {
      return sessions.get(id);
    },

    /**
     * The provider reports how the member left the consent page. b.well shows the outcome in
     * getMemberConnections `lag` ms later (the session's), as b.well records with some lag.
     * @param {string} id session id
     * @param {string} code status_code
     */
    completeSession(id, code) {
      const session = sessions.get(id);
      if (!session) return undefined;
      session.outcome = code;
      const status = statusAfter[code];
      if (status) {
        const at = Date.now() + session.lag;
        const connection = { id: session.connectionId, status, statusUpdated: new Date(at).toISOString() };
        if (session.lag > 0) pending.set(session.connectionId, { connection, at });
        else {
          pending.delete(session.connectionId);
          connections.set(session.connectionId, connection);
        }
      }
      return session;
    },
  };
}

/** @typedef {ReturnType<typeof createState>} EmulatorState */
