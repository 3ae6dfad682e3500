// Demo only: how the demo pages show the element's events. Each page renders the log its own way (the DOM here,
// a Vue, Angular or React template there); this module only says what an entry reads.

/** What each status means, for events that carry no `message` of their own. */
const STATUS_TEXT = {
  success: 'The health records are connected.',
  cancelled: 'Access was denied at the provider.',
  error: 'The provider or b.well reported an error.',
  expired: "b.well's session expired during the flow.",
  unauthorized: 'The security check (CSRF) failed.',
  popup_blocked: 'The browser blocked the provider window.',
  window_closed: 'The provider window was closed before finishing.',
  timeout: 'No result in time.',
  request_failed: 'The connection could not be started.',
  aborted: 'The attempt was cancelled.',
};

/** Outcomes a person chose (or that undo nothing): shown calmer than errors. */
const WARNINGS = new Set(['cancelled', 'window_closed', 'aborted']);

/** What each `connection-progress` phase means. */
const PHASE_TEXT = {
  idle: 'ready',
  opening: 'opening the provider window',
  'requesting-url': 'asking b.well for the provider’s address',
  'at-provider': 'waiting for you in the provider window',
  leaving: 'leaving for the provider',
  'confirming-close': 'the window closed; asking b.well whether it connected',
  'confirming-success': 'confirming the connection with b.well',
};

/** What each `connection-status` status means, in the log. */
const CONNECTION_TEXT = {
  connected: 'Connected at b.well.',
  expired: 'Access expired: the button offers Reconnect.',
  disconnected: 'Disconnected: the button offers Reconnect.',
  access_ended: 'Access ended at the provider: the button offers Reconnect.',
  error: 'The connection has a problem: the button offers Reconnect.',
  deleted: 'The connection was deleted.',
  none: 'No such connection for this member yet: the button offers Connect.',
};

/** How the records' import reads once connected. */
const SYNC_TEXT = {
  pending: 'Connected; b.well is about to import the records.',
  retrieving: 'Connected; b.well is importing the records.',
  retrieved: 'Connected; the records are imported.',
  error: 'Connected, but the records could not be imported.',
};

/** Statuses that need the member (reconnect), shown as warnings; `connected` is a success, `none` neutral. */
const RECONNECT = new Set(['expired', 'disconnected', 'access_ended', 'error']);

let nextId = 1;

/**
 * @typedef {{
 *   id: number,
 *   type: string,
 *   status: string,
 *   tone: 'success' | 'warning' | 'danger' | 'neutral',
 *   message: string,
 *   meta: string,
 *   json: string,
 *   time: string,
 * }} LogEntry
 */

/**
 * One log entry for a `connection-success` or `connection-failure` event.
 * @param {CustomEvent} event
 * @returns {LogEntry}
 */
export function describeEvent(event) {
  const detail = event.detail ?? {};
  const status = String(detail.status);
  return {
    id: nextId++,
    type: event.type,
    status,
    tone: status === 'success' ? 'success' : WARNINGS.has(status) ? 'warning' : 'danger',
    message: detail.message || STATUS_TEXT[status] || '',
    meta: `attempt ${detail.attemptId} · ${formatDuration(detail.durationMs)}`,
    json: JSON.stringify(detail),
    time: new Date().toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' }),
  };
}

/**
 * One log entry for a `connection-status` event (`bwell-connect/status`): what b.well shows of the connection.
 * It is no attempt's outcome, so the pages keep it apart from the terminal events.
 * @param {CustomEvent} event
 * @returns {LogEntry}
 */
export function describeStatusEvent(event) {
  const detail = event.detail ?? {};
  const status = String(detail.status);
  const sync = detail.syncStatus === undefined ? undefined : String(detail.syncStatus);
  const text = (status === 'connected' && sync && SYNC_TEXT[sync]) || CONNECTION_TEXT[status] || '';
  return {
    id: nextId++,
    type: event.type,
    status: status === 'connected' && sync ? `${status} · ${sync}` : status,
    tone: statusTone(status, sync),
    message: detail.lateSuccess ? `Late success: ${text}` : text,
    meta: detail.connectionId ? String(detail.connectionId) : '–',
    json: JSON.stringify(detail),
    time: new Date().toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' }),
  };
}

/**
 * @param {string} status
 * @param {string | undefined} sync
 * @returns {LogEntry['tone']}
 */
function statusTone(status, sync) {
  if (status === 'connected') return sync === 'error' ? 'danger' : 'success';
  if (RECONNECT.has(status)) return 'warning';
  return status === 'none' ? 'neutral' : 'danger';
}

/**
 * The progress line's words for a phase.
 * @param {string} phase
 */
export function describePhase(phase) {
  return PHASE_TEXT[phase] ?? phase;
}

/** @param {number} ms */
function formatDuration(ms) {
  if (typeof ms !== 'number') return '–';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/**
 * The entry as a list item: the markup the framework pages write in their templates.
 * @param {LogEntry} entry
 * @returns {HTMLLIElement}
 */
export function renderEntry(entry) {
  const item = document.createElement('li');
  item.className = 'entry';
  item.dataset.type = entry.type;
  item.dataset.tone = entry.tone;
  item.innerHTML = `
    <div class="entry-line"><span class="badge"></span><code class="entry-type"></code><time class="entry-time"></time></div>
    <p class="entry-message"></p>
    <details class="entry-detail"><summary></summary><code></code></details>`;
  item.querySelector('.badge').textContent = entry.status;
  item.querySelector('.entry-type').textContent = entry.type;
  item.querySelector('.entry-time').textContent = entry.time;
  item.querySelector('.entry-message').textContent = entry.message;
  item.querySelector('summary').textContent = entry.meta;
  item.querySelector('.entry-detail code').textContent = entry.json;
  return item;
}
