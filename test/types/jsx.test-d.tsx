// Compile-only, like typings.test-d.ts: `<bwell-connect>` in JSX with React 19's types, as `bwell-connect/jsx`
// declares it (the README's snippets check the same through the built package: scripts/check-snippets.mjs).
import { useRef } from 'react';
import '../../src/define.js';
import type { BwellConnectElement } from '../../src/bwell-connect-element.js';
import type { ConnectionFailureEvent, ConnectionSuccessEvent } from '../../src/events.js';
import type { BwellConnectJsxProps } from '../../src/jsx.js';
import type { BwellConnectJsxProps as FromReactEntry } from '../../src/react.js';
import type { ConnectionStatus } from '../../src/status.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
declare function assert<T extends true>(): T;

// The event props are `on` + the exact event name (React 19 adds a listener for that name) and receive the
// typed DOM events.
export const Typed = ({ token }: { token: string }) => (
  <bwell-connect
    connectionId="proa_demo"
    accessToken={token}
    onconnection-success={(event) => {
      assert<Equal<typeof event, ConnectionSuccessEvent>>();
      assert<Equal<typeof event.detail.status, 'success'>>();
    }}
    onconnection-failure={(event) => {
      assert<Equal<typeof event, ConnectionFailureEvent>>();
      assert<Equal<typeof event.detail.status, Exclude<ConnectionStatus, 'success'>>>();
    }}
  >
    Connect
  </bwell-connect>
);

// Every reactive property is a prop with the property's type; a ref is the element; React's HTML props stay.
export function AllProps() {
  const ref = useRef<BwellConnectElement>(null);
  return (
    <bwell-connect
      ref={ref}
      id="connect"
      className="connect"
      style={{ margin: 0 }}
      connectionId="proa_demo"
      endpoint="/api/bwell/graphql"
      accessToken={async () => 'token'}
      trustedOrigins={['https://proxy-pages.client-sandbox.icanbwell.com']}
      timeout={60_000}
      pollInterval={250}
      popupFeatures="width=500,height=600"
      mode="auto"
      noServerCheck
      openUrl={(url: string) => void url}
      disabled={false}
      strings={{ connect: 'Connect' }}
    />
  );
}
assert<Equal<BwellConnectJsxProps['connectionId'], string | undefined>>();
assert<Equal<BwellConnectJsxProps['accessToken'], BwellConnectElement['accessToken'] | undefined>>();
assert<Equal<BwellConnectJsxProps['onconnection-success'], ((event: ConnectionSuccessEvent) => void) | undefined>>();
// `bwell-connect/react` carries the same typing, so an app that imports the wrapper has both.
assert<Equal<FromReactEntry, BwellConnectJsxProps>>();

export const Wrong = () => (
  <>
    {/* @ts-expect-error -- the element has no `connectionID` (the property is `connectionId`) */}
    <bwell-connect connectionID="proa_demo" />
    {/* @ts-expect-error -- `timeout` is a number of ms, set as a property */}
    <bwell-connect timeout="300000" />
    {/* @ts-expect-error -- the token is a string or a function returning one */}
    <bwell-connect accessToken={42} />
    {/* @ts-expect-error -- not a mode */}
    <bwell-connect mode="window" />
    {/* @ts-expect-error -- the handler gets a ConnectionSuccessEvent, whose detail has no `ok` */}
    <bwell-connect onconnection-success={(event) => event.detail.ok} />
    {/* @ts-expect-error -- a failure is never a success */}
    <bwell-connect onconnection-failure={(event) => event.detail.status === 'success'} />
    {/* @ts-expect-error -- camelCase event props belong to the bwell-connect/react wrapper: React 19 would listen for `ConnectionSuccess` */}
    <bwell-connect onConnectionSuccess={() => undefined} />
    {/* @ts-expect-error -- read-only state is not a prop */}
    <bwell-connect state="idle" />
  </>
);
