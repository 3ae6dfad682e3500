// Adds the status capability to the element class: the hooks it calls (see ./contracts.ts), a controller per
// element (Lit's addInitializer, so every element made from now on has one), and the members that need it,
// `connectionStatus` and `refreshStatus()`. Runs before the element is defined when `bwell-connect/status`
// is imported, so elements already in the page get their controller as they upgrade.
import { BwellConnectElement } from '../bwell-connect-element.js';
import type { StatusHooks } from './contracts.js';
import { StatusController } from './status-controller.js';

const controllers = new WeakMap<BwellConnectElement, StatusController>();

function controllerOf(element: BwellConnectElement): StatusController {
  let controller = controllers.get(element);
  if (!controller) controllers.set(element, (controller = new StatusController(element)));
  return controller;
}

const hooks: StatusHooks = {
  attempt: (element, attempt, adopt) => controllerOf(element).attempting(attempt, adopt),
  view: (element) => controllers.get(element)?.view(),
};

/** Installs the capability on `elementClass` (once); the main entry's class unless told otherwise. */
export function installStatus(elementClass: typeof BwellConnectElement = BwellConnectElement): void {
  if (elementClass.status) return;
  elementClass.status = hooks;
  elementClass.addInitializer((element) => {
    // Lit hands every initializer a ReactiveElement; this one is only ever added to elementClass.
    if (element instanceof elementClass) controllerOf(element);
  });
  Object.defineProperties(elementClass.prototype, {
    connectionStatus: {
      get(this: BwellConnectElement) {
        return controllers.get(this)?.status;
      },
      configurable: true,
    },
    refreshStatus: {
      value(this: BwellConnectElement) {
        return controllerOf(this).refresh();
      },
      configurable: true,
      writable: true,
    },
  });
  // Elements that upgraded before this ran (a page that loaded the element's own script first) join now.
  for (const element of globalThis.document?.querySelectorAll('bwell-connect') ?? []) {
    if (element instanceof elementClass && !controllers.has(element)) {
      controllerOf(element);
      element.requestUpdate();
    }
  }
}

// Before the element is defined (./index.ts imports this module first), so elements upgrade with a controller.
installStatus();
