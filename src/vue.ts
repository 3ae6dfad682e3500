// Types only: makes `<bwell-connect>` known to Vue's template type checker (vue-tsc, Volar). Bring it into a
// Vue project once, e.g. `import type {} from 'bwell-connect/vue'` in env.d.ts. See docs/frameworks.md.
import type { EmitFn, HTMLAttributes, PublicProps } from 'vue';
import type { BwellConnectElement, BwellConnectProperties } from './bwell-connect-element.js';
import type { BwellConnectEventMap } from './events.js';

/** The element's reactive properties, which a template may bind. */
export type BwellConnectProps = BwellConnectProperties;

/** The element's events, by name. */
export type BwellConnectEvents = BwellConnectEventMap;

/**
 * `<bwell-connect>` as Vue's type checker reads a component: props from `$props`, events from `$emit`. Neither
 * exists on the element at run time; a template ref is typed as the element itself.
 */
export type BwellConnectVueComponent = new () => BwellConnectElement & {
  /** @deprecated Template type checking only: not on the element. */
  $props: HTMLAttributes & BwellConnectProperties & PublicProps;
  /** @deprecated Template type checking only: not on the element. */
  $emit: EmitFn<{ [K in keyof BwellConnectEventMap]: (event: BwellConnectEventMap[K]) => void }>;
};

declare module 'vue' {
  interface GlobalComponents {
    'bwell-connect': BwellConnectVueComponent;
  }
}
