// The ways a getOauthUrl call can go wrong, chosen by `?fault=<name>` on the endpoint or by asking for the
// connection id `fault_<name>` (so a person in the demo can pick one from a list).

/**
 * Faults that replace the whole HTTP answer, as a gateway, an auth layer or a broken server would. A `json`
 * function answers from the request's headers.
 * @type {Record<string, { status: number, json?: unknown, html?: string }>}
 */
export const responseFaults = {
  http_401: { status: 401, json: { errors: [{ message: 'Unauthorized' }] } },
  http_403: { status: 403, json: { errors: [{ message: 'Forbidden' }] } },
  http_500: { status: 500, json: { errors: [{ message: 'Internal Server Error' }] } },
  http_502: { status: 502, html: '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>' },
  non_json: { status: 200, html: '<!doctype html><title>Maintenance</title><p>b.well is down for maintenance.</p>' },
  no_data: { status: 200, json: {} },
  // The schema says GenerateUrl! so graphql() could never produce this; a misbehaving server can.
  null: { status: 200, json: { data: { getOauthUrl: null } } },
  // A gateway that quotes the credential it refused.
  echo_token: { status: 401, json: (headers) => ({ errors: [{ message: `Invalid credentials: ${headers.authorization}` }] }) },
  // A 1 MB error message.
  huge_error: { status: 500, json: { errors: [{ message: `Server error: ${'x'.repeat(1024 * 1024)}` }] } },
};

/** Faults that answer 200 with a redirectUrl the element must refuse to navigate to. */
export const redirectUrlFaults = {
  url_empty: '',
  url_relative: '/authorize?x',
  url_javascript: 'javascript:alert(1)',
  url_data: 'data:text/html,hi',
  url_http_remote: 'http://example.com/authorize',
  url_huge: `https://provider.example/authorize?state=${'a'.repeat(1024 * 1024)}`,
};

/** Faults the resolver raises as GraphQL errors (see schema.mjs). */
export const errorFaults = ['graphql_error', 'graphql_error_plain'];

/** `slow` answers normally, this late: past any sensible request timeout, short of the flow's. */
export const SLOW_MS = 6000;

export const faultNames = [
  ...Object.keys(responseFaults),
  ...errorFaults,
  ...Object.keys(redirectUrlFaults),
  'slow',
];

/**
 * @param {string} connectionId
 * @param {Record<string, string>} flags the endpoint's query flags
 * @returns {string | null} the fault to play, or null for a normal answer
 */
export function faultFor(connectionId, flags) {
  const name = flags.fault ?? (connectionId.startsWith('fault_') ? connectionId.slice('fault_'.length) : null);
  if (name === null) return null;
  if (!faultNames.includes(name)) {
    throw new Error(`unknown emulator fault "${name}"; known: ${faultNames.join(', ')}`);
  }
  return name;
}
