// The emulator's memory, shared by the API and the provider so a consent given in the popup shows up in
// getMemberConnections, as it would at b.well: each connection's status, and after an Allow the import of the
// member's records (syncStatus) running on the clock; b.well records the provider's outcome `lag` ms late.
import { randomUUID } from 'node:crypto';

/** @typedef {'CONNECTED' | 'EXPIRED' | 'ERROR' | 'DISCONNECTED' | 'ACCESS_ENDED' | 'DELETED'} ConnectionStatus */
/** @typedef {'PENDING' | 'RETRIEVING' | 'RETRIEVED' | 'ERROR' | 'DELETING' | 'DATA_DELETED'} SyncStatus */
/**
 * A connection as getMemberConnections answers it.
 * @typedef {{
 *   id: string,
 *   status: string,
 *   statusUpdated: string | null,
 *   syncStatus: string | null,
 *   lastSynced: string | null,
 * }} MemberConnection
 */
/** How an import of records goes after an Allow: `?sync=` on the endpoint. @typedef {'normal' | 'error' | 'slow'} SyncMode */
/**
 * A connection as stored: what it shows, the import running since `syncStartedAt` (none when null), and an
 * outcome of the provider b.well has not recorded yet (`recorded`: its status, shown from `at`).
 * @typedef {{ at: number, status: ConnectionStatus, sync: SyncMode }} Recorded
 * @typedef {MemberConnection & { syncStartedAt: number | null, syncMode: SyncMode, recorded?: Recorded }} StoredConnection
 */
/**
 * One sign-in at the provider: where it returns, how it ended, and the scenario flags of its getOauthUrl call
 * that decide what an Allow does (`lag`, `sync`).
 * @typedef {{ connectionId: string, returnUrl: string, createdAt: string, outcome: string | null, lag: number, sync: SyncMode }} Session
 */
/**
 * One getOauthUrl call. Holds whether a bearer token came, never the token itself.
 * @typedef {{ connectionId: string, time: string, authorization: boolean, origin: string | null, flags: Record<string, string> }} OauthRequest
 */

/** What a provider outcome does to the member's connection; the other codes leave it as it was. */
const statusAfter = /** @type {Record<string, ConnectionStatus>} */ ({ success: 'CONNECTED', error: 'ERROR' });

/**
 * When an import after an Allow moves on, in ms after b.well recorded the Allow: PENDING until the first,
 * RETRIEVING until the second, then RETRIEVED (ERROR with `sync=error`).
 */
export const SYNC_TIMES = /** @type {const} */ ({ normal: [1500, 6000], error: [1500, 6000], slow: [10_000, 60_000] });

export const SYNC_MODES = /** @type {SyncMode[]} */ (Object.keys(SYNC_TIMES));

/** When the seeded connections, and expired ones, last imported records. */
const SEEDED_SYNC = '2025-01-15T09:45:00.000Z';

/**
 * Scenario ids by prefix: what a connection id starting so shows when it joins the member's list (another id
 * joins as DISCONNECTED). `expired_demo` and `disconnected_demo` are in the list from the start.
 * @type {Record<string, Partial<MemberConnection>>}
 */
export const PREFIXES = {
  expired_: { status: 'EXPIRED', syncStatus: 'RETRIEVED', lastSynced: SEEDED_SYNC },
  disconnected_: { status: 'DISCONNECTED' },
};

/**
 * @param {{ now?: () => number }} [options] now: the clock (tests pass a fake one)
 */
export function createState({ now = Date.now } = {}) {
  /** @type {Map<string, StoredConnection>} */
  const connections = new Map();
  /** @type {Map<string, Session>} */
  const sessions = new Map();
  /** @type {OauthRequest[]} */
  const log = [];
  const iso = (/** @type {number} */ ms) => new Date(ms).toISOString();

  /**
   * @param {string} id
   * @param {Partial<MemberConnection>} [fields]
   * @returns {StoredConnection}
   */
  function stored(id, fields = {}) {
    return {
      id,
      status: 'DISCONNECTED',
      statusUpdated: iso(now()),
      syncStatus: null,
      lastSynced: null,
      syncStartedAt: null,
      syncMode: 'normal',
      ...Object.entries(PREFIXES).find(([prefix]) => id.startsWith(prefix))?.[1],
      ...fields,
    };
  }

  function reset() {
    connections.clear();
    sessions.clear();
    log.length = 0;
    connections.set(
      'epic_on_fhir_sandbox',
      stored('epic_on_fhir_sandbox', {
        status: 'CONNECTED',
        statusUpdated: '2025-01-15T09:30:00.000Z',
        syncStatus: 'RETRIEVED',
        lastSynced: SEEDED_SYNC,
      }),
    );
    connections.set('expired_demo', stored('expired_demo', { statusUpdated: '2025-03-01T12:00:00.000Z' }));
    connections.set('disconnected_demo', stored('disconnected_demo', { statusUpdated: '2025-02-01T12:00:00.000Z' }));
  }
  reset();

  /**
   * Brings a stored connection to the clock: an outcome recorded by now shows (stamped with that time; an Allow
   * starts the import of records), and the import moves on.
   * @param {StoredConnection} connection
   */
  function advance(connection) {
    const { recorded } = connection;
    if (recorded && now() >= recorded.at) {
      const connected = recorded.status === 'CONNECTED';
      Object.assign(connection, {
        status: recorded.status,
        statusUpdated: iso(recorded.at),
        ...(connected
          ? { syncStatus: 'PENDING', syncStartedAt: recorded.at, syncMode: recorded.sync }
          : { syncStartedAt: null }),
      });
      delete connection.recorded;
    }
    if (connection.syncStartedAt === null) return;
    const [retrieving, done] = SYNC_TIMES[connection.syncMode];
    const elapsed = now() - connection.syncStartedAt;
    if (elapsed < retrieving) {
      connection.syncStatus = 'PENDING';
    } else if (elapsed < done) {
      connection.syncStatus = 'RETRIEVING';
    } else {
      connection.syncStatus = connection.syncMode === 'error' ? 'ERROR' : 'RETRIEVED';
      if (connection.syncMode !== 'error') connection.lastSynced = iso(connection.syncStartedAt + done);
      connection.syncStartedAt = null;
    }
  }

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
     * A connection id the member has asked about joins their list, not yet connected (or as its prefix says).
     * @param {string} id
     */
    seeConnection(id) {
      if (!connections.has(id)) connections.set(id, stored(id));
    },

    /**
     * Sets a connection as a test wants it (the `/__emulator/connections` hook); unset fields keep their value,
     * or for a new connection take the defaults of its prefix. Stops its import.
     * @param {string} id
     * @param {Partial<Omit<MemberConnection, 'id'>>} fields
     */
    putConnection(id, fields) {
      const connection = connections.get(id) ?? stored(id);
      delete connection.recorded;
      connections.set(id, { ...connection, ...fields, syncStartedAt: null });
      return this.memberConnections().find((c) => c.id === id);
    },

    /** @returns {MemberConnection[]} the member's connections as b.well shows them now */
    memberConnections() {
      return [...connections.values()].map((connection) => {
        advance(connection);
        const { id, status, statusUpdated, syncStatus, lastSynced } = connection;
        return { id, status, statusUpdated, syncStatus, lastSynced };
      });
    },

    /**
     * @param {{ connectionId: string, returnUrl: string, lag?: number, sync?: SyncMode }} session
     * @returns {string} the session id
     */
    openSession({ connectionId, returnUrl, lag = 0, sync = 'normal' }) {
      const id = randomUUID();
      sessions.set(id, { connectionId, returnUrl, createdAt: iso(now()), outcome: null, lag, sync });
      return id;
    },

    /** @param {string} id */
    session(id) {
      return sessions.get(id);
    },

    /**
     * The provider reports how the member left the consent page. b.well records the outcome `lag` ms later (the
     * session's; at once without it), replacing one it has not recorded yet: an Allow connects and starts the
     * import of records, an error marks the connection ERROR; the other codes leave it as it was.
     * @param {string} id session id
     * @param {string} code status_code
     */
    completeSession(id, code) {
      const session = sessions.get(id);
      if (!session) return undefined;
      session.outcome = code;
      const status = statusAfter[code];
      if (!status) return session;
      const connection = connections.get(session.connectionId) ?? stored(session.connectionId);
      connections.set(session.connectionId, connection);
      connection.recorded = { at: now() + session.lag, status, sync: session.sync };
      advance(connection);
      return session;
    },
  };
}

/** @typedef {ReturnType<typeof createState>} EmulatorState */
