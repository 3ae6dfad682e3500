// The contract between the element and the opt-in status capability (`bwell-connect/status`), types only: the
// element calls these hooks when the capability is installed, and nothing else of it. Everything else the
// capability does through the element's public API and a Lit controller of its own.
import type { AttemptContext } from '../attempt/contracts.js';
import type { BwellConnectElement } from '../bwell-connect-element.js';
import type { ConnectionResult } from '../status.js';

/** What the element shows instead of its own, when the capability knows the connection's status. */
export interface StatusView {
  /** The button's default label (a slotted label stays the app's). */
  label?: string | undefined;
  /** The status line, when no attempt runs; empty or absent: the element's own. */
  line?: string | undefined;
  /** Shows the check, as after a success. */
  connected?: boolean | undefined;
}

/** The hooks the element calls; installed on its class by `bwell-connect/status`. */
export interface StatusHooks {
  /**
   * An attempt of `connect()` (a click), made and not yet started: the capability may set its options'
   * `successDetail` and follow it (b.well for completion="server"). `adopt` replaces the element's
   * `lastResult` without an event (a late success).
   */
  attempt(element: BwellConnectElement, attempt: AttemptContext, adopt: (result: ConnectionResult) => void): void;
  /** Read at every render. */
  view(element: BwellConnectElement): StatusView | undefined;
}
