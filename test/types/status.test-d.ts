// Compile-only, like typings.test-d.ts: the types of bwell-connect/status. Nothing executes this file.
import { createElement } from 'react';
import type { GlobalComponents } from 'vue';
import {
  DEFAULT_STATUS_STRINGS,
  MemberConnectionStatus,
  SyncStatus,
  type ConnectionStatusDetail,
  type ConnectionStatusEvent,
  type ConnectionStatusInfo,
} from '../../src/connection-status/index.js';
import type { BwellConnectElement } from '../../src/bwell-connect-element.js';
import { BwellConnect } from '../../src/react.js';
import type { ConnectionResult } from '../../src/status.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
declare function assert<T extends true>(): T;

type Status = 'connected' | 'expired' | 'disconnected' | 'access_ended' | 'error' | 'deleted' | 'none';
type Sync = 'pending' | 'retrieving' | 'retrieved' | 'error' | 'deleting' | 'data_deleted';
assert<Equal<MemberConnectionStatus, Status>>();
assert<Equal<SyncStatus, Sync>>();
assert<Equal<(typeof MemberConnectionStatus)['AccessEnded'], 'access_ended'>>();

const element = document.createElement('bwell-connect');
assert<Equal<typeof element.connectionStatus, Status | undefined>>();
assert<Equal<typeof element.showStatus, boolean | undefined>>();
assert<Equal<typeof element.completion, 'server' | undefined>>();
assert<Equal<ReturnType<typeof element.refreshStatus>, Promise<ConnectionStatusInfo>>>();
// @ts-expect-error -- read-only: b.well decides it
element.connectionStatus = 'connected';

document.addEventListener('connection-status', (event) => {
  assert<Equal<typeof event, ConnectionStatusEvent>>();
  assert<Equal<typeof event.detail, ConnectionStatusDetail>>();
  assert<Equal<typeof event.detail.status, Status>>();
  assert<Equal<typeof event.detail.syncStatus, Sync | undefined>>();
  assert<Equal<typeof event.detail.lateSuccess, true | undefined>>();
  assert<Equal<typeof event.detail.statusUpdated, string | undefined>>();
});
element.addEventListener('connection-success', (event) => {
  assert<Equal<typeof event.detail.previousStatus, Status | undefined>>();
});
assert<Equal<ConnectionResult['previousStatus'], Status | undefined>>();

// The strings: each optional in `strings`, one per status.
element.strings = { reconnect: 'Renew', syncing: 'Importing…', statuses: DEFAULT_STATUS_STRINGS.statuses };
// @ts-expect-error -- a status line is text
element.strings = { synced: 42 };

// React: the wrapper's onConnectionStatus and the props.
createElement(BwellConnect, {
  showStatus: true,
  completion: 'server',
  onConnectionStatus: (event) => assert<Equal<typeof event, ConnectionStatusEvent>>(),
});
// @ts-expect-error -- completion has one value
createElement(BwellConnect, { completion: 'client' });

// Vue: the event is among the component's.
declare const vue: InstanceType<GlobalComponents['bwell-connect']>;
vue.$emit('connection-status', {} as ConnectionStatusEvent);
void (vue as BwellConnectElement);
