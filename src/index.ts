import './define.js';

export { BwellConnectElement, DEFAULT_POPUP_FEATURES, DEFAULT_STRINGS } from './bwell-connect-element.js';
export type { BwellConnectStrings, ConnectState } from './bwell-connect-element.js';
export { ConnectionStatus } from './status.js';
export type { ConnectionResult } from './status.js';
export { ConnectionEventName } from './events.js';
export type { ConnectionFailureEvent, ConnectionSuccessEvent } from './events.js';
export { DEFAULT_ENDPOINT } from './oauth-url.js';
export type { AccessToken } from './oauth-url.js';
