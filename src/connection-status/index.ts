// `bwell-connect/status`: the element with its connection's status (show-status, connection-status,
// refreshStatus(), reconnect, late successes, the records' import) and completion="server" for the native
// seam. It installs the capability on the element class first, then defines the element (unless the page did
// already) through the main entry, all of whose exports it shares.
import { installStatus } from './install.js';
import { BwellConnectElement } from '../element-api.js';

// The class the page defined may be another copy: the main entry's own script, loaded before this one.
const defined = globalThis.customElements?.get('bwell-connect');
if (defined && defined !== BwellConnectElement && 'addInitializer' in defined) {
  installStatus(defined as typeof BwellConnectElement);
}

export * from '../element-api.js';
export { DEFAULT_STATUS_STRINGS } from './strings.js';
export type { StatusStrings } from './strings.js';
export { MemberConnectionStatus, SyncStatus } from './vocabulary.js';
export type { ConnectionStatusInfo } from './vocabulary.js';
export { STATUS_DEFAULTS } from '../settings.js';
