// The emulator the browser tests run against: its origins, its scenario flags, the getOauthUrl requests it
// logged, the ids and token the tests send it, and the page's GraphQL traffic to it, recorded or held back.
import { waitFor } from './wait-for.js';

/** The emulator's origins, as its dev-server plugin reports them. */
export interface EmulatorConfig {
  hostOrigin: string;
  apiOrigin: string;
  endpoint: string;
  providerOrigin: string;
  completionOrigin: string;
  callbackUrl: string;
}

let config: Promise<EmulatorConfig> | undefined;

/** Reads the running emulator's origins (once per test file). */
export function emulator(): Promise<EmulatorConfig> {
  config ??= fetch('/__emulator/config.json').then((response) => response.json() as Promise<EmulatorConfig>);
  return config;
}

/** The emulator's endpoint with scenario flags (`auto`, `coop`, `redirect`, `fault`, `delay`, …). */
export async function endpointWith(flags: Record<string, string> = {}): Promise<string> {
  const url = new URL((await emulator()).endpoint);
  for (const [name, value] of Object.entries(flags)) url.searchParams.set(name, value);
  return url.href;
}

/** One getOauthUrl request as the emulator logged it (whether a bearer came, never the token). */
export interface LoggedRequest {
  authorization: boolean;
  flags: Record<string, string>;
}

/** The getOauthUrl requests the emulator has seen for a connection id (logged as they arrive, before any delay). */
export async function requestLog(connectionId: string): Promise<LoggedRequest[]> {
  const { apiOrigin } = await emulator();
  const response = await fetch(`${apiOrigin}/__emulator/log?connectionId=${encodeURIComponent(connectionId)}`);
  return ((await response.json()) as { requests: LoggedRequest[] }).requests;
}

/** How many getOauthUrl requests the emulator has seen for a connection id. */
export async function requestCount(connectionId: string): Promise<number> {
  return (await requestLog(connectionId)).length;
}

/** Waits until the emulator has seen `count` getOauthUrl requests for `connectionId`. */
export function waitForRequests(connectionId: string, count: number): Promise<void> {
  return waitFor(async () => (await requestCount(connectionId)) === count, `expected ${count} request(s)`);
}

/** A connection id no other test uses, so the emulator's log counts this test's requests only. */
export function uniqueId(prefix = 'proa_demo'): string {
  return `${prefix}-${Math.random().toString(36).slice(2, 10)}`;
}

/** The access token the mounted elements get by default. */
export const TOKEN = 'test-token';

/**
 * Records the GraphQL requests the page sends (their bodies), and those answered (once their whole answer has
 * arrived), by wrapping `fetch` until restored.
 */
export function recordGraphqlRequests(): { bodies: string[]; answered: string[]; restore(): void } {
  const original = window.fetch;
  const bodies: string[] = [];
  const answered: string[] = [];
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input);
    if (!new URL(url, location.href).pathname.endsWith('/graphql')) return original.call(window, input, init);
    const body = String(init?.body ?? '');
    bodies.push(body);
    const response = await original.call(window, input, init);
    void response
      .clone()
      .text()
      .catch(() => undefined)
      .then(() => answered.push(body));
    return response;
  };
  return { bodies, answered, restore: () => (window.fetch = original) };
}

/**
 * Holds back the answers to the page's GraphQL requests (the requests themselves are sent) until released:
 * an element stays in `requesting-url` for as long as a test needs, without a delay on the server.
 */
export function holdGraphqlAnswers(): { release(): void; restore(): void } {
  const original = window.fetch;
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input);
    const response = original.call(window, input, init);
    response.catch(() => undefined); // a request that fails while held is not an unhandled rejection
    if (new URL(url, location.href).pathname.endsWith('/graphql')) await released;
    return response;
  };
  return {
    release,
    restore: () => {
      release();
      window.fetch = original;
    },
  };
}
