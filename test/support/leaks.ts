// Where a secret could surface on a page: the console, uncaught errors, an element's attributes and markup,
// the document, the events' details.
import { expect } from '@open-wc/testing';
import type { BwellConnectElement } from '../../src/bwell-connect-element.js';
import type { Recorder } from './results.js';

/** Everything written to the console and every uncaught error while it runs, as text. */
export function spyConsole(): { lines: string[]; restore(): void } {
  const methods = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
  const originals = methods.map((name) => console[name]);
  const lines: string[] = [];
  methods.forEach((name, i) => {
    console[name] = (...args: unknown[]) => {
      lines.push(`${name}: ${args.map(textOf).join(' ')}`);
      originals[i]!.apply(console, args);
    };
  });
  const onError = (event: ErrorEvent) => lines.push(`uncaught: ${textOf(event.error ?? event.message)}`);
  const onRejection = (event: PromiseRejectionEvent) => lines.push(`unhandled rejection: ${textOf(event.reason)}`);
  window.addEventListener('error', onError);
  window.addEventListener('unhandledrejection', onRejection);
  return {
    lines,
    restore() {
      methods.forEach((name, i) => (console[name] = originals[i]!));
      window.removeEventListener('error', onError);
      window.removeEventListener('unhandledrejection', onRejection);
    },
  };
}

function textOf(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}\n${value.stack ?? ''}`;
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * Everything the page could show or hand out about an element: its attributes, its markup and its shadow
 * markup, the document's markup, and the detail of each event.
 */
export function visibleText(el: BwellConnectElement, recorder: Recorder): Record<string, string> {
  return {
    attributes: el
      .getAttributeNames()
      .map((name) => `${name}=${el.getAttribute(name)}`)
      .join('\n'),
    outerHTML: el.outerHTML,
    shadowRoot: el.shadowRoot?.innerHTML ?? '',
    document: document.documentElement.outerHTML,
    events: JSON.stringify(recorder.events.map((e) => e.detail)),
  };
}

/** Asserts that none of the places text can surface holds any of the secrets. */
export function expectNowhere(secrets: string[], places: Record<string, string>): void {
  for (const secret of secrets) {
    for (const [place, text] of Object.entries(places)) {
      expect(text.includes(secret), `${JSON.stringify(secret)} found in ${place}`).to.equal(false);
    }
  }
}
