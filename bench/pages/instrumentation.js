// Stamps taken by the host page itself, loaded as a classic script before the bundle runs: the click listener
// (capturing, on window, so it runs before the element's), window.open, b.well's status message (capturing, so
// before the element's listener), the popup's `closed` flag, and the element's events (bench.onResult, which the
// host page adds). A flag set in the click or message task and cleared by a timer tells whether a later stamp is
// in that same task. bench/measure.mjs reads window.bench.current.
const bench = { current: null };
window.bench = bench;
const stamp = () => performance.now();

/** Sets `a[flag]` until the end of this task. */
function forThisTask(a, flag) {
  a[flag] = true;
  setTimeout(() => (a[flag] = false), 0);
}

addEventListener('click', onClick, true);
function onClick(event) {
  bench.current = { click: stamp(), trusted: event.isTrusted };
  forThisTask(bench.current, 'inClickTask');
}

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
    bench.stopWatch = () => clearInterval(watch);
  }
  return popup;
};

addEventListener('message', onMessage, true);
function onMessage(event) {
  if (event.data !== 'status-success' || !bench.current) return;
  bench.current.message = stamp();
  forThisTask(bench.current, 'inMessageTask');
}

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
  bench.stopWatch?.();
  bench.done?.(a);
};
