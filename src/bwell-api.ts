import { ClientError, GraphQLClient } from 'graphql-request';

/** b.well's query for the provider's OAuth URL, exactly as the guide gives it. */
export const GET_OAUTH_URL_QUERY =
  'query getOauthUrl($connectionId: String!) { getOauthUrl(connectionId: $connectionId) { redirectUrl } }';

/** b.well's client-sandbox GraphQL endpoint, the element's default. */
export const DEFAULT_ENDPOINT = 'https://api.client-sandbox.icanbwell.com/v1/graphql';

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

/**
 * A failure to get a usable OAuth URL. Its message is written for developers and is safe to show:
 * it never contains the token or the URL.
 */
export class OauthUrlError extends Error {
  override name = 'OauthUrlError';
}

/** What {@link requestOauthUrl} needs. */
export interface OauthUrlRequest {
  endpoint: string;
  connectionId: string;
  accessToken?: AccessToken | undefined;
  signal?: AbortSignal | undefined;
}

interface GetOauthUrlData {
  getOauthUrl?: { redirectUrl?: unknown } | null;
}

/**
 * Asks b.well for the provider's OAuth URL and returns it validated (see {@link validateRedirectUrl}).
 * Every failure is an {@link OauthUrlError}, except an abort, which rethrows the signal's reason.
 */
export async function requestOauthUrl({ endpoint, connectionId, accessToken, signal }: OauthUrlRequest): Promise<URL> {
  const url = resolveEndpoint(endpoint);
  const token = await resolveToken(accessToken);
  signal?.throwIfAborted();
  const client = new GraphQLClient(url, {
    // A string query with no operation name to extract is never parsed or printed (see rollup.config.mjs).
    excludeOperationName: true,
    headers: token ? { Authorization: `Bearer ${token}` } : {},
    // fetch's own errors can echo header values (the token), so they are replaced, not passed on.
    fetch: (input, init) =>
      fetch(input, init).catch(() => {
        throw signal?.aborted ? signal.reason : new OauthUrlError(`Network error: could not reach ${originOf(url)}.`);
      }),
  });
  let data: GetOauthUrlData;
  try {
    data = await client.request<GetOauthUrlData>({ document: GET_OAUTH_URL_QUERY, variables: { connectionId }, signal });
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    throw toOauthUrlError(error, url);
  }
  if (typeof data !== 'object' || data === null) throw new OauthUrlError('The GraphQL response had no data.');
  if (!data.getOauthUrl) throw new OauthUrlError('getOauthUrl returned no result.');
  return validateRedirectUrl(data.getOauthUrl.redirectUrl);
}

/**
 * Accepts only an absolute `https:` URL, or `http:` on a loopback host for local development.
 * `javascript:`, `data:`, relative and empty values are refused before anything navigates.
 */
export function validateRedirectUrl(raw: unknown): URL {
  if (typeof raw !== 'string' || raw.trim() === '') throw new OauthUrlError('getOauthUrl returned an empty redirectUrl.');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new OauthUrlError('getOauthUrl returned a redirectUrl that is not an absolute URL.');
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && isLoopback(url.hostname)) return url;
  const scheme = url.protocol === 'http:' ? 'http: on a non-loopback host' : `the scheme ${url.protocol}`;
  throw new OauthUrlError(`getOauthUrl returned an unsafe redirectUrl (${scheme}); only https: is allowed.`);
}

/** A relative endpoint (an integrator's backend proxy, say) is resolved against the page. */
function resolveEndpoint(endpoint: string): string {
  try {
    return new URL(endpoint, globalThis.document?.baseURI).href;
  } catch {
    throw new OauthUrlError('The endpoint is not a valid URL.');
  }
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]';
}

async function resolveToken(accessToken: AccessToken | undefined): Promise<string | undefined> {
  if (typeof accessToken !== 'function') return accessToken || undefined;
  let token: unknown;
  try {
    token = await accessToken();
  } catch {
    // The function's own error may quote the token, so only the fact is reported.
    throw new OauthUrlError('The accessToken function threw or rejected.');
  }
  if (typeof token !== 'string') throw new OauthUrlError('The accessToken function did not return a string.');
  return token || undefined;
}

const HTTP_HINTS: Record<number, string> = {
  401: 'the access token is missing, invalid or expired',
  403: 'the access token may not request this connection',
};

function toOauthUrlError(error: unknown, endpoint: string): OauthUrlError {
  if (error instanceof OauthUrlError) return error;
  if (!(error instanceof ClientError)) return new OauthUrlError(`The response from ${originOf(endpoint)} was not valid GraphQL JSON.`);
  const { status, errors } = error.response;
  const first: GraphQLErrorLike | undefined = Array.isArray(errors) ? errors[0] : undefined;
  const text = first && graphQLErrorText(first);
  if (status < 200 || status > 299) {
    const hint = HTTP_HINTS[status];
    return new OauthUrlError(`HTTP ${status} from ${originOf(endpoint)}${hint ? ` (${hint})` : ''}${text ? `: ${text}` : '.'}`);
  }
  const code = first?.extensions?.['code'];
  const codeText = typeof code === 'string' || typeof code === 'number' ? ` (code ${code})` : '';
  return new OauthUrlError(`b.well returned an error${codeText}: ${text ?? 'no message given'}.`);
}

interface GraphQLErrorLike {
  message?: unknown;
  extensions?: Record<string, unknown>;
}

/** b.well puts the human message in a FHIR OperationOutcome: `extensions.resource.issue[].details.text`. */
function graphQLErrorText(error: GraphQLErrorLike): string | undefined {
  const resource = error.extensions?.['resource'] as { issue?: Array<{ details?: { text?: unknown } }> } | undefined;
  const texts = (Array.isArray(resource?.issue) ? resource.issue : [])
    .map((issue) => issue?.details?.text)
    .filter((text): text is string => typeof text === 'string' && text !== '');
  if (texts.length > 0) return texts.join('; ');
  return typeof error.message === 'string' && error.message !== '' ? error.message : undefined;
}

function originOf(endpoint: string): string {
  try {
    return new URL(endpoint).origin;
  } catch {
    return 'the endpoint';
  }
}
