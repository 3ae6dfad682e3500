// Compile-only: `npm run typecheck` runs tsc on this file and nothing executes it. Each `expectType` must
// match exactly, and each `@ts-expect-error` must meet an error, or the typecheck fails.
import { createElement } from 'react';
import type { GlobalComponents } from 'vue';
import '../../src/define.js';
import type { BwellConnectElement } from '../../src/bwell-connect-element.js';
import type {
  ConnectionFailureDetail,
  ConnectionFailureEvent,
  ConnectionSuccessDetail,
  ConnectionSuccessEvent,
} from '../../src/events.js';
import { BwellConnect, type BwellConnectProps } from '../../src/react.js';
import type { ConnectionResult, ConnectionStatus } from '../../src/status.js';
import type { BwellConnectProps as VueProps } from '../../src/vue.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
declare function expectType<T>(value: T): void;
declare function assert<T extends true>(): T;

type Status =
  | 'success'
  | 'error'
  | 'cancelled'
  | 'expired'
  | 'unauthorized'
  | 'popup_blocked'
  | 'window_closed'
  | 'timeout'
  | 'request_failed'
  | 'aborted';
assert<Equal<ConnectionStatus, Status>>();

// The tag name maps to the class.
const el = document.querySelector('bwell-connect');
expectType<BwellConnectElement | null>(el);
assert<Equal<typeof el, BwellConnectElement | null>>();
expectType<BwellConnectElement>(document.createElement('bwell-connect'));
expectType<NodeListOf<BwellConnectElement>>(document.querySelectorAll('bwell-connect'));

// Events on the element, on document and on window are typed by name.
const element = document.createElement('bwell-connect');
element.addEventListener('connection-success', (event) => {
  assert<Equal<typeof event, ConnectionSuccessEvent>>();
  assert<Equal<typeof event.detail, ConnectionSuccessDetail>>();
  assert<Equal<typeof event.detail.status, 'success'>>();
  expectType<string>(event.detail.connectionId);
  expectType<string | undefined>(event.detail.message);
});
document.addEventListener('connection-failure', (event) => {
  assert<Equal<typeof event, ConnectionFailureEvent>>();
  assert<Equal<typeof event.detail, ConnectionFailureDetail>>();
  assert<Equal<typeof event.detail.status, Exclude<ConnectionStatus, 'success'>>>();
  // @ts-expect-error -- a failure is never a success
  if (event.detail.status === 'success') return;
  // @ts-expect-error -- a status that does not exist
  if (event.detail.status === 'canceled') return;
});
window.addEventListener('connection-success', (event) => expectType<ConnectionResult>(event.detail));
element.removeEventListener('connection-failure', (event) => expectType<ConnectionResult>(event.detail));

// @ts-expect-error -- a misspelt event name is a plain Event, which has no detail
element.addEventListener('connection-sucess', (event) => event.detail);
// @ts-expect-error -- not a status
const wrongStatus: ConnectionStatus = 'succes';
// @ts-expect-error -- `connected` is a b.well connection's status, not how an attempt ended
const wrongResult: ConnectionResult = { connectionId: 'x', status: 'connected' };

// The properties a page sets.
element.connectionId = 'proa_demo';
element.accessToken = 'token';
element.accessToken = async () => 'token';
element.trustedOrigins = ['https://proxy-pages.client-sandbox.icanbwell.com'];
// @ts-expect-error -- the token is a string or a function returning one
element.accessToken = 42;
expectType<Promise<ConnectionResult>>(element.connect());

// React: the wrapper's event props receive the typed events; the element's properties are its props.
createElement(BwellConnect, {
  connectionId: 'proa_demo',
  accessToken: () => 'token',
  onConnectionSuccess: (event) => {
    assert<Equal<typeof event, ConnectionSuccessEvent>>();
    assert<Equal<typeof event.detail.status, 'success'>>();
  },
  onConnectionFailure: (event) => assert<Equal<typeof event, ConnectionFailureEvent>>(),
});
assert<Equal<BwellConnectProps['onConnectionSuccess'], ((event: ConnectionSuccessEvent) => void) | undefined>>();
assert<Equal<BwellConnectProps['connectionId'], string | undefined>>();
// @ts-expect-error -- a misspelt event prop
createElement(BwellConnect, { onConnectionSucess: () => undefined });
// @ts-expect-error -- the handler takes a ConnectionSuccessEvent, whose detail has no `ok`
createElement(BwellConnect, { onConnectionSuccess: (event) => event.detail.ok });

// Vue: <bwell-connect> is a global component whose props are the element's properties and whose events are
// the two connection events.
type VueBwellConnect = InstanceType<GlobalComponents['bwell-connect']>;
assert<Equal<VueProps['connectionId'], string | undefined>>();
assert<Equal<VueProps['accessToken'], BwellConnectElement['accessToken'] | undefined>>();
assert<
  Equal<
    keyof VueProps,
    | 'connectionId'
    | 'endpoint'
    | 'accessToken'
    | 'trustedOrigins'
    | 'timeout'
    | 'pollInterval'
    | 'requestTimeout'
    | 'verifySuccess'
    | 'popupFeatures'
    | 'mode'
    | 'noServerCheck'
    | 'openUrl'
    | 'disabled'
    | 'strings'
    | 'showStatus'
    | 'completion'
  >
>();
expectType<VueProps>({} as VueBwellConnect['$props']);
declare const vue: VueBwellConnect;
vue.$emit('connection-success', {} as ConnectionSuccessEvent);
// @ts-expect-error -- not one of the element's events
vue.$emit('connection-sucess', {} as ConnectionSuccessEvent);
// @ts-expect-error -- the payload is the event
vue.$emit('connection-failure', 'error');
expectType<BwellConnectElement>(vue);

void [wrongStatus, wrongResult];
