import { BwellConnectElement } from './bwell-connect-element.js';

// Guarded so that two copies of the bundle on one page do not throw.
if (!customElements.get('bwell-connect')) customElements.define('bwell-connect', BwellConnectElement);

declare global {
  interface HTMLElementTagNameMap {
    'bwell-connect': BwellConnectElement;
  }
}

export { BwellConnectElement };
