import * as React from 'react';
import { createComponent, type EventName } from '@lit/react';
import { BwellConnectElement } from './define.js';
import type { ConnectionFailureEvent, ConnectionSuccessEvent } from './events.js';

/**
 * `<bwell-connect>` as a React component (React 17–19): every prop the element has is set as a property
 * (so `accessToken` may be a function), and the two events arrive through `onConnectionSuccess` and
 * `onConnectionFailure`. Importing this module defines the element.
 *
 * React 19 can also render `<bwell-connect>` itself (see docs/frameworks.md); this wrapper adds camelCase
 * event props and works on React 17 and 18 too.
 */
export const BwellConnect = createComponent({
  tagName: 'bwell-connect',
  elementClass: BwellConnectElement,
  react: React,
  events: {
    onConnectionSuccess: 'connection-success' as EventName<ConnectionSuccessEvent>,
    onConnectionFailure: 'connection-failure' as EventName<ConnectionFailureEvent>,
  },
});

/** The props of {@link BwellConnect}. */
export type BwellConnectProps = React.ComponentProps<typeof BwellConnect>;

// Importing this entry also types the element itself in JSX (`<bwell-connect onconnection-success={…}>`, React 19),
// as `bwell-connect/jsx` does.
export type { BwellConnectElementProps, BwellConnectEventProps, BwellConnectJsxProps } from './jsx.js';
