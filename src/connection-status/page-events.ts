// The page being shown again (visibilitychange to visible) or focused, for every element that follows its
// connection's status: one listener of each kind for the whole page, there only while some element listens.

/** `visible`: the page became visible again; `focus`: its window got the focus back. */
export type PageReturn = 'visible' | 'focus';

const listeners = new Set<(kind: PageReturn) => void>();
let detach: (() => void) | undefined;

/** Calls `listener` whenever the page is shown or focused again; returns the function that stops it. */
export function onPageReturn(listener: (kind: PageReturn) => void): () => void {
  listeners.add(listener);
  detach ??= attach();
  return () => {
    listeners.delete(listener);
    if (listeners.size > 0) return;
    detach?.();
    detach = undefined;
  };
}

function attach(): () => void {
  const controller = new AbortController();
  const { signal } = controller;
  const notify = (kind: PageReturn) => {
    for (const listener of [...listeners]) listener(kind);
  };
  document.addEventListener(
    'visibilitychange',
    () => {
      if (document.visibilityState === 'visible') notify('visible');
    },
    { signal },
  );
  window.addEventListener('focus', () => notify('focus'), { signal });
  return () => controller.abort();
}
