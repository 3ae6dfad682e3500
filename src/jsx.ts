// Types only: makes `<bwell-connect>` known to TypeScript's JSX with React's types (@types/react 18.2.7 or later,
// where JSX lives in React's namespace). Bring it into a project once, e.g. `import type {} from 'bwell-connect/jsx'`
// in a .d.ts or beside `import 'bwell-connect'`; `bwell-connect/react` brings it in too. See docs/frameworks.md.
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { BwellConnectElement, BwellConnectProperties } from './bwell-connect-element.js';
import type { BwellConnectEventMap } from './events.js';

/** The element's reactive properties, which React 19 sets as properties. */
export type BwellConnectElementProps = BwellConnectProperties;

/**
 * The element's events as React 19 listens to them: a prop `on` + the exact event name (`onconnection-success`)
 * adds a listener for that event with `addEventListener`, which receives the DOM event itself. React 18 and
 * earlier add no such listener: use `bwell-connect/react` there.
 */
export type BwellConnectEventProps = {
  [K in keyof BwellConnectEventMap as `on${K}`]?: ((event: BwellConnectEventMap[K]) => void) | undefined;
};

/** What `<bwell-connect>` accepts in JSX: React's HTML props (`ref` is the element), its properties, its events. */
export type BwellConnectJsxProps = DetailedHTMLProps<HTMLAttributes<BwellConnectElement>, BwellConnectElement> &
  BwellConnectProperties &
  BwellConnectEventProps;

declare module 'react' {
  // React's types declare JSX as a namespace; augmenting it takes one.
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      'bwell-connect': BwellConnectJsxProps;
    }
  }
}
