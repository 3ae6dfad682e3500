// Every default of the element and its attempt in one table, and one parser per setting, for attribute and
// property values alike: a page may set anything, and a bad value gets the documented default and one console
// warning that quotes it, never an exception in the user's click.
import type { ConnectMode } from './attempt/contracts.js';

/** The largest delay a browser timer honours (2^31 − 1 ms); a larger one fires at once. */
export const MAX_DELAY = 2 ** 31 - 1;

/** Every default, timings in ms. */
export const DEFAULTS = {
  /** b.well's client-sandbox GraphQL endpoint (production: `https://api.prod.icanbwell.com/v1/graphql`). */
  endpoint: 'https://api.client-sandbox.icanbwell.com/v1/graphql',
  mode: 'popup',
  /** The `window.open` features b.well's guide suggests. */
  popupFeatures: 'width=500,height=600,scrollbars=yes',
  /** Without a result this long, the attempt ends as `timeout` (b.well's guide: 5 minutes). */
  timeout: 300_000,
  /** How often the popup's URL and closed flag are read. */
  pollInterval: 500,
  /** The access token and one request to b.well together. */
  requestTimeout: 30_000,
  /** How long a result may still arrive after the popup reads as closed (a message in flight, a last URL). */
  closeGrace: 1000,
  /** How often b.well is asked again while a "closed" popup may still be open, cut off by COOP. */
  verifyInterval: 2000,
  /** How long one server check may take before it counts as no evidence. */
  verifyTimeLimit: 3000,
  /** How long b.well is given to show a reported success in `getMemberConnections` (its own lag). */
  confirmSuccessTime: 5000,
  /** How often b.well is asked again while a success is being confirmed. */
  confirmRetryInterval: 1000,
  /** How long a page sent to the provider may stay (a `beforeunload` prompt answered "Stay", a 204). */
  leaveTimeLimit: 5000,
  /** How long a URL requested on a press (pointerdown, Enter, Space) waits for its click before it is dropped. */
  pressTime: 5000,
  /** When a closed popup is checked again: WebKit undoes a close() that lands while the popup navigates. */
  closeRetries: [100, 500, 1000],
} as const;

/**
 * The timings of `bwell-connect/status`, in ms. A table of their own, so an app that does not import it does not
 * carry them (DEFAULTS is part of the main entry's exports).
 */
export const STATUS_DEFAULTS = {
  /** Reads of many elements that start within this long share one request (per endpoint and token). */
  readMoment: 50,
  /** A page shown again reads the status at most this often. */
  visibleReadInterval: 30_000,
  /** How long after an attempt ended as window_closed, timeout or aborted b.well is still asked about it. */
  lateWindow: 120_000,
  /** How often b.well is asked during that window (and whenever the page is focused or shown again). */
  lateInterval: 5000,
  /** The first and the longest wait between reads while the member's records are imported. */
  syncFirstInterval: 2000,
  syncMaxInterval: 30_000,
  /** How long after a success the import is followed at most. */
  syncWindow: 600_000,
  /** How often an attempt with completion="server" asks b.well (and whenever the page is focused or shown again). */
  serverCompletionInterval: 5000,
} as const;

/** b.well's client-sandbox GraphQL endpoint, the element's default. */
export const DEFAULT_ENDPOINT = DEFAULTS.endpoint;

/** The default `window.open` features, as b.well's guide suggests. */
export const DEFAULT_POPUP_FEATURES = DEFAULTS.popupFeatures;

/** The accepted range of each numeric setting, in ms, and its default. */
export const NUMBER_SETTINGS = {
  timeout: { min: 1000, max: MAX_DELAY, fallback: DEFAULTS.timeout },
  pollInterval: { min: 50, max: 10_000, fallback: DEFAULTS.pollInterval },
  requestTimeout: { min: 1000, max: MAX_DELAY, fallback: DEFAULTS.requestTimeout },
} as const;

/** The attribute each setting is written as, for warnings. */
const ATTRIBUTES: Record<keyof typeof NUMBER_SETTINGS, string> = {
  timeout: 'timeout',
  pollInterval: 'poll-interval',
  requestTimeout: 'request-timeout',
};

/** The one warning for a bad value: what the author wrote, what was expected, and what is used instead. */
function warn(name: string, value: unknown, expected: string, used: unknown): void {
  console.warn(`<bwell-connect>: ${name} ${JSON.stringify(shown(value))} is not ${expected}; using ${used}.`);
}

/** A value as text, or `undefined` for one that refuses to become text (a symbol, a throwing `toString`). */
function text(value: unknown): string | undefined {
  try {
    return String(value);
  } catch {
    return undefined;
  }
}

/** A value as a warning quotes it: at most 100 characters. */
function shown(value: unknown): string {
  return (text(value) ?? typeof value).slice(0, 100);
}

const isBlank = (value: unknown): boolean => typeof value === 'string' && value.trim() === '';

/**
 * A number setting clamped to its range. Unset is the default; an empty attribute, or anything that is not a
 * number, is the default with a warning.
 */
export function parseNumber(name: keyof typeof NUMBER_SETTINGS, value: unknown): number {
  const { min, max, fallback } = NUMBER_SETTINGS[name];
  if (value === undefined) return fallback;
  const number = value === null || typeof value === 'boolean' || isBlank(value) ? NaN : Number(text(value));
  const clamped = Number.isNaN(number) ? fallback : Math.min(max, Math.max(min, number));
  if (clamped !== number) warn(ATTRIBUTES[name], value, `a number of ms within ${min}…${max}`, clamped);
  return clamped;
}

/**
 * Trusted origins from a string (separated by spaces or commas) or an array of strings, each normalised to
 * its origin; `undefined` (the default) when unset or blank. Entries that are not absolute URLs with an
 * origin, and any past the first 100, are dropped, with one warning for them all.
 */
export function parseOrigins(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (isBlank(value)) {
    warn('trusted-origins', value, 'a list of origins', "the default (b.well's completion page)");
    return undefined;
  }
  // Anything but a string or an array counts as one entry: it is not an origin either, and trusts nothing.
  const entries = (typeof value === 'string' ? value.split(/[\s,]+/) : [value].flat()).filter((entry) => entry !== '');
  const origins: string[] = [];
  let rejected: unknown[] = [];
  for (const entry of entries.slice(0, MAX_ORIGINS)) {
    const origin = originOf(entry);
    if (origin) origins.push(origin);
    else rejected.push(entry);
  }
  rejected = rejected.concat(entries.slice(MAX_ORIGINS));
  if (rejected.length > 0) {
    const what = rejected.length === 1 ? rejected[0] : `${shown(rejected[0])} and ${rejected.length - 1} more`;
    warn('trusted-origins entry', what, 'an origin', 'none for it');
  }
  return origins;
}

/** The most trusted origins read: a page has a handful; a list of thousands is a mistake, not a policy. */
const MAX_ORIGINS = 100;

/** The origin of an absolute URL string; an opaque one ("null", what sandboxed frames post from) is none. */
function originOf(entry: unknown): string | undefined {
  if (typeof entry !== 'string') return undefined;
  try {
    const { origin } = new URL(entry);
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}

/**
 * The GraphQL endpoint as written; unset is b.well's client-sandbox. Empty, blank or not a string is the default
 * with a warning: never a relative URL the token would be sent to by accident.
 */
export function parseEndpoint(value: unknown): string {
  if (value === undefined || value === null) return DEFAULTS.endpoint;
  if (typeof value === 'string' && !isBlank(value)) return value;
  warn('endpoint', value, 'a URL', DEFAULTS.endpoint);
  return DEFAULTS.endpoint;
}

/** `popup`, `redirect` or `auto`; anything else is `popup` (a typo must never send the page away). */
export function parseMode(value: unknown): ConnectMode {
  if (value === 'popup' || value === 'redirect' || value === 'auto') return value;
  if (value !== undefined && value !== null) warn('mode', value, 'popup, redirect or auto', DEFAULTS.mode);
  return DEFAULTS.mode;
}

/** A window feature's name and value, as browsers tokenise the `features` argument of `window.open`. */
const FEATURE = /[\t\n\f\r =,]*([^\t\n\f\r =,]*)[\t\n\f\r ]*(?:=[\t\n\f\r =]*([^\t\n\f\r =,]*))?/g;

/**
 * The popup's features without `noopener` / `noreferrer` (which would make `window.open` return no handle),
 * read the way browsers tokenise them (spaces, tabs and `=` separate too). Unset is the default; an empty or
 * non-string value is the default with a warning.
 */
export function parsePopupFeatures(value: unknown): string {
  if (value === undefined || value === null) return DEFAULTS.popupFeatures;
  if (typeof value !== 'string' || isBlank(value)) {
    warn('popup-features', value, 'a list of window features', DEFAULTS.popupFeatures);
    return DEFAULTS.popupFeatures;
  }
  let dropped = false;
  const kept: string[] = [];
  for (const [, name = '', featureValue] of value.matchAll(FEATURE)) {
    if (name === '') continue;
    if (/^no(opener|referrer)$/i.test(name)) dropped = true;
    else kept.push(featureValue === undefined ? name : `${name}=${featureValue}`);
  }
  if (dropped) warn('popup-features', value, 'free of noopener and noreferrer', JSON.stringify(kept.join(',')));
  return dropped ? kept.join(',') : value;
}
