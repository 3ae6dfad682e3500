import * as React from 'react';
import { createComponent, type EventName } from '@lit/react';
import { BwellConnectElement } from './define.js';
import { ConnectionEventName, type BwellConnectEventMap } from './events.js';

/** `connection-success` → `ConnectionSuccess`. */
type Pascal<S extends string> = S extends `${infer Head}-${infer Tail}`
  ? `${Capitalize<Head>}${Pascal<Tail>}`
  : Capitalize<S>;

/** The wrapper's event props, from the element's event map: `onConnectionSuccess`, … */
type ReactEvents = { [K in keyof BwellConnectEventMap as `on${Pascal<K>}`]: EventName<BwellConnectEventMap[K]> };

/** An event's name branded with its type, the way @lit/react documents it (its `EventName` is a branded string). */
const typed = <K extends keyof BwellConnectEventMap>(name: K) => name as EventName<BwellConnectEventMap[K]>;

/** The same names at run time; typed by the map, so a new event cannot be missed here. */
const events: ReactEvents = {
  onConnectionSuccess: typed(ConnectionEventName.Success),
  onConnectionFailure: typed(ConnectionEventName.Failure),
  onConnectionProgress: typed(ConnectionEventName.Progress),
  onConnectionStatus: typed(ConnectionEventName.Status),
};

/**
 * `<bwell-connect>` as a React component (React 17–19): every prop the element has is set as a property
 * (so `accessToken` may be a function), and its events arrive through `onConnectionSuccess`,
 * `onConnectionFailure`, `onConnectionProgress` and `onConnectionStatus`. Importing this module defines the
 * element. A client component: under Next.js and other server renderers, it runs in the browser only.
 *
 * React 19 can also render `<bwell-connect>` itself (see docs/frameworks.md); this wrapper adds camelCase
 * event props and works on React 17 and 18 too.
 */
export const BwellConnect = createComponent({
  tagName: 'bwell-connect',
  elementClass: BwellConnectElement,
  react: React,
  events,
});

/** The props of {@link BwellConnect}. */
export type BwellConnectProps = React.ComponentProps<typeof BwellConnect>;

// Importing this entry also types the element itself in JSX (`<bwell-connect onconnection-success={…}>`, React 19),
// as `bwell-connect/jsx` does.
export type { BwellConnectElementProps, BwellConnectEventProps, BwellConnectJsxProps } from './jsx.js';
