import type { ConnectMode } from './connect-flow.js';

// One parser per setting, for attribute and property values alike: a page may set anything, and a bad value
// gets the documented fallback and one console warning naming it, never an exception in the user's click.

/** The largest delay a browser timer honours (2^31 − 1 ms); a larger one fires at once. */
export const MAX_DELAY = 2 ** 31 - 1;

/** The accepted range and default of each numeric setting, in ms. */
export const NUMBER_SETTINGS = {
  timeout: { min: 1000, max: MAX_DELAY, fallback: 300_000 },
  pollInterval: { min: 50, max: 10_000, fallback: 500 },
  requestTimeout: { min: 1000, max: MAX_DELAY, fallback: 30_000 },
} as const;

/** The one warning for a bad value: what it is, what was expected, and what is used instead. */
const warn = (name: string, value: unknown, expected: string, used: unknown): undefined =>
  void console.warn(`<bwell-connect>: ${name} ${JSON.stringify(shown(value))} is not ${expected}; using ${used}.`);

/** A value as text, at most 100 characters; some objects and symbols refuse to become one. */
function shown(value: unknown): string {
  try {
    return String(value).slice(0, 100);
  } catch {
    return typeof value;
  }
}

/** A number setting clamped to its range; anything that is not a number gives its default. */
export function parseNumber(name: keyof typeof NUMBER_SETTINGS, value: unknown): number {
  const { min, max, fallback } = NUMBER_SETTINGS[name];
  const number = value === null || value === '' || typeof value === 'boolean' ? NaN : Number(shown(value));
  const clamped = Number.isNaN(number) ? fallback : Math.min(max, Math.max(min, number));
  if (clamped !== number && value !== undefined) warn(name, value, `a number of ms within ${min}…${max}`, clamped);
  return clamped;
}

/**
 * Trusted origins from a string (separated by spaces or commas) or an array of strings, each normalised to
 * its origin. An entry that is not an absolute URL with an origin is dropped with a warning.
 */
export function parseOrigins(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  // Anything but a string or an array counts as one entry: it is not an origin either, and trusts nothing.
  return (typeof value === 'string' ? value.split(/[\s,]+/) : [value].flat()).flatMap((entry: unknown) => {
    if (entry === '') return [];
    try {
      const origin = new URL(entry as string).origin;
      // An opaque origin ("null") is what sandboxed frames and data: URLs post from: never trusted.
      if (typeof entry === 'string' && origin !== 'null') return [origin];
    } catch {
      // Reported below.
    }
    warn('trusted origin', entry, 'an origin', 'none');
    return [];
  });
}

/** `popup`, `redirect` or `auto`; anything else is `popup` (a typo must never send the page away). */
export function parseMode(value: unknown): ConnectMode {
  if (value === 'popup' || value === 'redirect' || value === 'auto') return value;
  if (value !== undefined) warn('mode', value, 'popup, redirect or auto', 'popup');
  return 'popup';
}

/** The popup's features without `noopener` / `noreferrer`, which would make `window.open` return no handle. */
export function parsePopupFeatures(value: unknown, fallback: string): string {
  if (typeof value !== 'string') return fallback;
  const kept = value.replace(/(^|,)\s*no(opener|referrer)\b[^,]*/gi, '').replace(/^,/, '');
  if (kept !== value) warn('popup-features', value, 'free of noopener and noreferrer', kept);
  return kept;
}
