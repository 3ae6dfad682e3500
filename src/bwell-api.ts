import { ClientError, GraphQLClient } from 'graphql-request';
import { ReportedError } from './status.js';

/** b.well's query for the provider's OAuth URL, exactly as the guide gives it. */
export const GET_OAUTH_URL_QUERY =
  'query getOauthUrl($connectionId: String!) { getOauthUrl(connectionId: $connectionId) { redirectUrl } }';

/**
 * The origins whose completion messages are trusted by default: b.well's hosted completion page for an
 * endpoint on `api.<env>.icanbwell.com`, none for any other endpoint (a proxy must name its own).
 */
export function defaultTrustedOrigins(endpoint: string): string[] {
  let hostname: string;
  try {
    hostname = new URL(endpoint).hostname;
  } catch {
    return [];
  }
  const env = /^api\.([a-z0-9-]+)\.icanbwell\.com$/.exec(hostname)?.[1];
  return env ? [`https://proxy-pages.${env}.icanbwell.com`] : [];
}

/** The user's b.well access token, or a function that returns one (called once per attempt). */
export type AccessToken = string | (() => string | Promise<string>);

/** Where and as whom to ask b.well. */
export interface ApiTarget {
  /** The GraphQL endpoint; a relative URL is resolved against the page. */
  endpoint: string;
  /** The resolved access token (see {@link resolveToken}); none for a backend proxy that authenticates itself. */
  token: Promise<string | undefined> | string | undefined;
  signal?: AbortSignal | undefined;
  /** Ms the token and the request together may take. */
  deadline: number;
}

/** The longest redirectUrl accepted; browsers refuse to navigate to much longer ones anyway. */
export const MAX_REDIRECT_URL_LENGTH = 16 * 1024;

/** How much server-supplied text a message may quote: a sentence, or a word (a code, a URL scheme). */
const MAX_QUOTED_TEXT = 300;
const MAX_QUOTED_WORD = 40;

/** How much of a server's text is searched for the token: its start, so a 1 MB body costs what a short one does. */
const MAX_SEARCHED_TEXT = 4096;

/** Any run of this many of the token's characters (or the whole token, if shorter) counts as the token. */
const TOKEN_RUN = 12;

interface GetOauthUrlData {
  getOauthUrl?: { redirectUrl?: unknown } | null;
}

/**
 * Asks b.well for the provider's OAuth URL and returns it validated (see {@link validateRedirectUrl}).
 * Every failure is an {@link ReportedError}, except an abort, which rethrows the signal's reason.
 */
export async function requestOauthUrl(target: ApiTarget, connectionId: string): Promise<URL> {
  const data = await query<GetOauthUrlData>(target, GET_OAUTH_URL_QUERY, { connectionId });
  if (!data?.getOauthUrl) throw new ReportedError('getOauthUrl returned no result.');
  return validateRedirectUrl(data.getOauthUrl.redirectUrl, await target.token);
}

/** b.well's query for the member's connections and their status. */
export const GET_MEMBER_CONNECTIONS_QUERY =
  'query getMemberConnections { getMemberConnections { id status statusUpdated } }';

/** The same with the import of each connection's records, for `bwell-connect/status`. */
export const GET_MEMBER_STATUS_QUERY =
  'query getMemberConnections { getMemberConnections { id status statusUpdated syncStatus lastSynced } }';

/** One of the member's connections as `getMemberConnections` reports it. */
export interface MemberConnection {
  id: string;
  /** `CONNECTED`, `EXPIRED`, `ERROR`, `DISCONNECTED`, `ACCESS_ENDED` or `DELETED`. */
  status: string;
  statusUpdated?: string | null;
  /** `PENDING`, `RETRIEVING`, `RETRIEVED`, `ERROR`, `DELETING` or `DATA_DELETED`. */
  syncStatus?: string | null;
  lastSynced?: string | null;
}

/** The member's connections, with the fields `request` asks for; rejects like {@link requestOauthUrl}. */
export async function requestMemberConnections(
  target: ApiTarget,
  request: string = GET_MEMBER_CONNECTIONS_QUERY,
): Promise<MemberConnection[]> {
  const data = await query<{ getMemberConnections?: unknown }>(target, request, {});
  const list = data?.getMemberConnections;
  if (!Array.isArray(list)) throw new ReportedError('getMemberConnections returned no list.');
  return list.filter(
    (item): item is MemberConnection => typeof item?.id === 'string' && typeof item?.status === 'string',
  );
}

async function query<T>(
  { endpoint, token, signal, deadline }: ApiTarget,
  document: string,
  variables: Record<string, unknown>,
): Promise<T> {
  const url = resolveEndpoint(endpoint);
  const { origin } = new URL(url);
  // One deadline for the token and the request together; its message names the part that did not answer.
  const controller = new AbortController();
  const forward = () => controller.abort(signal?.reason);
  signal?.addEventListener('abort', forward);
  let waitingFor = 'The accessToken function';
  const timer = setTimeout(
    () => controller.abort(new ReportedError(`${waitingFor} did not answer within ${deadline} ms.`)),
    deadline,
  );
  let bearer: string | undefined;
  try {
    // Ends the wait for a token at an abort (the catch below rethrows the abort's reason).
    bearer = await Promise.race([
      token,
      new Promise<never>((_, reject) => controller.signal.addEventListener('abort', reject)),
    ]);
    waitingFor = origin;
    const client = new GraphQLClient(url, {
      // A string query with no operation name to extract is never parsed or printed (see rollup.config.mjs).
      excludeOperationName: true,
      headers: bearer ? { Authorization: `Bearer ${bearer}` } : {},
      // fetch's own errors can echo header values (the token), so they are replaced, not passed on.
      fetch: (input, init) =>
        fetch(input, init).catch(() => {
          throw new ReportedError(`Network error: could not reach ${origin}.`);
        }),
    });
    return await client.request<T>({ document, variables, signal: controller.signal });
  } catch (error) {
    if (controller.signal.aborted) throw controller.signal.reason;
    throw toApiError(error, origin, bearer);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', forward);
  }
}

/**
 * Accepts only an absolute `https:` URL, or `http:` on a loopback host for local development.
 * `javascript:`, `data:`, relative and empty values are refused before anything navigates.
 */
export function validateRedirectUrl(raw: unknown, token: string | undefined): URL {
  if (typeof raw !== 'string' || !raw.trim()) throw new ReportedError('getOauthUrl returned an empty redirectUrl.');
  if (raw.length > MAX_REDIRECT_URL_LENGTH)
    throw new ReportedError(`getOauthUrl returned a redirectUrl longer than ${MAX_REDIRECT_URL_LENGTH} characters.`);
  const url = parseUrl(raw, 'getOauthUrl returned a redirectUrl that is not an absolute URL.');
  if (isSafe(url)) return url;
  const scheme = quoted(url.protocol, token, MAX_QUOTED_WORD);
  throw new ReportedError(
    `getOauthUrl returned an unsafe ${scheme} redirectUrl; only https: (or http: on loopback) is allowed.`,
  );
}

/**
 * The endpoint as an absolute URL (a relative one, an integrator's backend proxy, say, is resolved against
 * the page), held to the redirectUrl's rule: the token is sent there, so `https:`, or `http:` on loopback.
 */
export function resolveEndpoint(endpoint: string): string {
  const url = parseUrl(endpoint, 'The endpoint is not a valid URL.', globalThis.document?.baseURI);
  if (!isSafe(url)) throw new ReportedError('The endpoint must be https (or http on loopback); nothing was sent.');
  return url.href;
}

/** The URL, or a ReportedError with `message` when `raw` is none. */
function parseUrl(raw: string, message: string, base?: string): URL {
  try {
    return new URL(raw, base);
  } catch {
    throw new ReportedError(message);
  }
}

function isSafe({ protocol, hostname }: URL): boolean {
  return protocol === 'https:' || (protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(hostname));
}

/**
 * Gets the token for one attempt: a string as is, a function called once; none for `undefined`, `null` or
 * `''`. Anything else, and a token fetch could not send as a header, is refused before a request is made.
 * A function's failure is reported without its own message, which may quote the token.
 */
export async function resolveToken(accessToken: AccessToken | undefined): Promise<string | undefined> {
  let token: unknown = accessToken ?? '';
  try {
    if (typeof accessToken === 'function') token = await accessToken();
  } catch {
    // `token` is still the function: reported below as a function that failed.
  }
  if (typeof token !== 'string') {
    throw new ReportedError(
      typeof accessToken === 'function'
        ? 'The accessToken function threw, rejected or returned no string.'
        : 'The accessToken must be a string or a function returning one.',
    );
  }
  // fetch refuses these in a header value; refused here, the message can name the cause.
  if (/[\0\n\r\u0100-\uffff]/.test(token)) {
    throw new ReportedError(
      'The access token is not a valid HTTP header value (it has a line break, a NUL or a character outside Latin-1).',
    );
  }
  return token || undefined;
}

const HTTP_HINTS: Record<number, string> = {
  401: 'the access token is missing, invalid or expired',
  403: 'the access token may not request this connection',
};

function toApiError(error: unknown, origin: string, token: string | undefined): ReportedError {
  if (error instanceof ReportedError) return error;
  if (!(error instanceof ClientError))
    return new ReportedError(`The response from ${origin} was not valid GraphQL JSON.`);
  const { status, errors } = error.response;
  const first: GraphQLErrorLike | undefined = Array.isArray(errors) ? errors[0] : undefined;
  const text = quoted(graphQLErrorText(first), token);
  if (status < 200 || status > 299) {
    const hint = HTTP_HINTS[status];
    return new ReportedError(`HTTP ${status} from ${origin}${hint ? ` (${hint})` : ''}${text ? `: ${text}` : '.'}`);
  }
  const code = first?.extensions?.['code'];
  const codeText =
    typeof code === 'string' || typeof code === 'number' ? ` (code ${quoted(`${code}`, token, MAX_QUOTED_WORD)})` : '';
  return new ReportedError(`b.well returned an error${codeText}: ${text || 'no message given'}.`);
}

/**
 * Server text as a message may quote it, the only way any reaches one: a server that echoes the credential
 * must not put it in an event, and a huge body must not become a huge event. The token becomes `[token]`
 * as it is, URL- or form-encoded, in any case (a URL's scheme is lowercased), and so does any run of
 * {@link TOKEN_RUN} of its characters (a server that shortens it); then the text is cut to `max`.
 */
export function quoted(text: string, token: string | undefined, max = MAX_QUOTED_TEXT): string {
  return bound(token ? redact(bound(text, MAX_SEARCHED_TEXT), token) : text, max);
}

function bound(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function redact(text: string, token: string): string {
  const run = Math.min(TOKEN_RUN, token.length);
  const encoded = encodeURIComponent(token);
  const runs = new Set<string>();
  for (const form of [token, encoded, encoded.replaceAll('%20', '+')]) {
    for (let i = 0; i + run <= form.length; i++) runs.add(form.slice(i, i + run).toLowerCase());
  }
  // Each character a run covers is hidden; each stretch of hidden ones shows as one marker.
  let shown = '';
  let hiddenUntil = 0;
  for (let i = 0; i < text.length; i++) {
    if (runs.has(text.slice(i, i + run).toLowerCase())) {
      if (i >= hiddenUntil) shown += '[token]';
      hiddenUntil = i + run;
    } else if (i >= hiddenUntil) shown += text[i];
  }
  return shown;
}

interface GraphQLErrorLike {
  message?: unknown;
  extensions?: Record<string, unknown>;
}

/**
 * b.well puts the human message in a FHIR OperationOutcome: `extensions.resource.issue[].details.text`;
 * other servers in `message`. `''` when there is none.
 */
function graphQLErrorText(error: GraphQLErrorLike | null | undefined): string {
  const resource = error?.extensions?.['resource'];
  const issues: unknown[] = isRecord(resource) && Array.isArray(resource['issue']) ? resource['issue'] : [];
  const texts = issues
    .map((issue) => (isRecord(issue) && isRecord(issue['details']) ? issue['details']['text'] : undefined))
    .filter((text): text is string => typeof text === 'string' && text !== '');
  return texts.join('; ') || (typeof error?.message === 'string' ? error.message : '');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
