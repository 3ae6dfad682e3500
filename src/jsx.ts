// Types only: makes `<bwell-connect>` known to TypeScript's JSX with React's types (@types/react 18.2.7 or later,
// where JSX lives in React's namespace). Bring it into a project once, e.g. `import type {} from 'bwell-connect/jsx'`
// in a .d.ts or beside `import 'bwell-connect'`; `bwell-connect/react` brings it in too. See docs/frameworks.md.
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { BwellConnectElement } from './bwell-connect-element.js';
import type { ConnectionFailureEvent, ConnectionSuccessEvent } from './events.js';

/**
 * The element's reactive properties (those in its static `properties`). React 19 sets a prop as a property when
 * the element has one of that name, so `accessToken={() => token}` and `trustedOrigins={[…]}` pass as they are.
 */
export type BwellConnectElementProps = Partial<
  Pick<BwellConnectElement, Extract<keyof (typeof BwellConnectElement)['properties'], keyof BwellConnectElement>>
>;

/**
 * The element's events as React 19 listens to them: a prop `on` + the exact event name (`onconnection-success`)
 * adds a listener for that event with `addEventListener`, which receives the DOM event itself. React 18 and
 * earlier add no such listener: use `bwell-connect/react` there.
 */
export interface BwellConnectEventProps {
  'onconnection-success'?: ((event: ConnectionSuccessEvent) => void) | undefined;
  'onconnection-failure'?: ((event: ConnectionFailureEvent) => void) | undefined;
}

/** What `<bwell-connect>` accepts in JSX: React's HTML props (`ref` is the element), its properties, its events. */
export type BwellConnectJsxProps = DetailedHTMLProps<HTMLAttributes<BwellConnectElement>, BwellConnectElement> &
  BwellConnectElementProps &
  BwellConnectEventProps;

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'bwell-connect': BwellConnectJsxProps;
    }
  }
}
