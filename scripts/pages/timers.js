// Loaded before the bundle by the soak's page: every setTimeout/setInterval the page creates is recorded until it
// fires (a timeout) or is cleared. The soak's own waiting happens in Node, so what is recorded is the element's.
(() => {
  const native = { setTimeout, clearTimeout, setInterval, clearInterval };
  const live = new Map();
  const soak = (window.soak = { live, created: { timeout: 0, interval: 0 } });
  const forget = (id) => live.delete(id);
  const record = (kind, id, ms) => {
    soak.created[kind] += 1;
    live.set(id, { kind, ms, stack: new Error().stack });
    return id;
  };
  window.setTimeout = function (callback, ms, ...args) {
    const run =
      typeof callback === 'function'
        ? function (...a) {
            forget(id);
            return callback.apply(this, a);
          }
        : callback;
    const id = native.setTimeout.call(window, run, ms, ...args);
    return record('timeout', id, ms);
  };
  window.setInterval = (callback, ms, ...args) =>
    record('interval', native.setInterval.call(window, callback, ms, ...args), ms);
  // Timeouts and intervals share one id space: either clear function clears either.
  window.clearTimeout = function (id) {
    forget(id);
    return native.clearTimeout.call(window, id);
  };
  window.clearInterval = function (id) {
    forget(id);
    return native.clearInterval.call(window, id);
  };
})();
