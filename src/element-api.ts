// What the element's page needs: defines <bwell-connect> and exports its class, vocabulary and types. The
// script-tag bundles are built from this module; the callback helper, which runs on the popup's own page, has
// a bundle of its own.
import './define.js';

export { BwellConnectElement, DEFAULT_STRINGS } from './bwell-connect-element.js';
export { DEFAULT_ENDPOINT, DEFAULT_POPUP_FEATURES, DEFAULTS } from './settings.js';
export type { BwellConnectStrings, ConnectState } from './bwell-connect-element.js';
export { ConnectionStatus } from './status.js';
export type { ConnectionResult } from './status.js';
export { ConnectionEventName } from './events.js';
export type {
  BwellConnectEventMap,
  ConnectPhase,
  ConnectionFailureDetail,
  ConnectionFailureEvent,
  ConnectionProgressDetail,
  ConnectionProgressEvent,
  ConnectionStatusDetail,
  ConnectionStatusEvent,
  ConnectionSuccessDetail,
  ConnectionSuccessEvent,
} from './events.js';
export type { AccessToken } from './bwell-api.js';
export type { ConnectMode } from './attempt/contracts.js';
