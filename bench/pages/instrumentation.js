// Stamps taken by the host page itself, loaded as a classic script before the bundle runs: the click listener
// (capturing, on window, so it runs before the element's), window.open, b.well's status message (capturing, so
// before the element's listener), the popup's `closed` flag, and the element's events (bench.onResult, which the
// host page adds). A flag set in the click or message task and cleared by a timer tells whether a later stamp is
// in that same task. bench/run.mjs reads window.bench.
const bench = { attempts: [], current: null };
window.bench = bench;
const stamp = () => performance.now();
addEventListener(
  'click',
  (event) => {
    const a = { click: stamp(), trusted: event.isTrusted, inClickTask: true };
    bench.current = a;
    bench.attempts.push(a);
    setTimeout(() => {
      a.inClickTask = false;
    }, 0);
  },
  true,
);
const nativeOpen = window.open;
window.open = function (...args) {
  const a = bench.current ?? {};
  a.open = stamp();
  a.openInClickTask = a.inClickTask === true;
  a.activation = navigator.userActivation ? navigator.userActivation.isActive : null;
  const popup = nativeOpen.apply(this, args);
  a.opened = popup !== null;
  bench.popup = popup;
  if (popup) {
    const watch = setInterval(() => {
      if (popup.closed) {
        a.closedSeen ??= stamp();
        clearInterval(watch);
      }
    }, 4);
    a.stopWatch = () => clearInterval(watch);
  }
  return popup;
};
addEventListener(
  'message',
  (event) => {
    if (event.data !== 'status-success' || !bench.current) return;
    const a = bench.current;
    a.message = stamp();
    a.inMessageTask = true;
    setTimeout(() => {
      a.inMessageTask = false;
    }, 0);
  },
  true,
);
bench.onResult = (event) => {
  const a = bench.current;
  if (!a || a.event !== undefined) return;
  a.event = stamp();
  a.eventEpoch = performance.timeOrigin + a.event;
  a.status = event.detail.status;
  a.eventInMessageTask = a.inMessageTask === true;
  try {
    // The element has just called close() on the popup; the closing window can still be read in this task.
    const timing = bench.popup.performance;
    const nav = timing.getEntriesByType('navigation')[0];
    if (bench.popup.location.pathname === '/demo/callback.html' && nav) {
      a.callbackResponseEpoch = timing.timeOrigin + nav.responseEnd;
    }
  } catch {
    // The popup is on another origin (b.well's completion page, the provider): no callback timing to read.
  }
  a.stopWatch?.();
  const done = bench.done;
  bench.done = undefined;
  done?.();
};
bench.next = () =>
  new Promise((resolve) => {
    bench.done = resolve;
  });
