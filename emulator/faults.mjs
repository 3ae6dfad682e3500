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
  http_502: {
    status: 502,
    html: '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>',
  },
  non_json: { status: 200, html: '<!doctype html><title>Maintenance</title><p>b.well is down for maintenance.</p>' },
  no_data: { status: 200, json: {} },
  // The schema says GenerateUrl! so graphql() could never produce this; a misbehaving server can.
  null: { status: 200, json: { data: { getOauthUrl: null } } },
  // A gateway that quotes the credential it refused.
  echo_token: {
    status: 401,
    json: (headers) => ({ errors: [{ message: `Invalid credentials: ${headers.authorization}` }] }),
  },
  // The same, in the error's code rather than its message.
  echo_token_code: {
    status: 200,
    json: (headers) => ({
      data: null,
      errors: [{ message: 'Not authorized', extensions: { code: `AUTH ${headers.authorization}` } }],
    }),
  },
  // The same, URL-encoded (`Bearer%20…`) and form-encoded (`Bearer+…`), as a logged request line would carry it.
  echo_token_encoded: {
    status: 401,
    json: (headers) => ({
      errors: [{ message: `Invalid credentials: ${encodeURIComponent(headers.authorization ?? '')}` }],
    }),
  },
  echo_token_form: {
    status: 401,
    json: (headers) => ({
      errors: [{ message: `Rejected ${new URLSearchParams({ authorization: headers.authorization ?? '' })}` }],
    }),
  },
  // The token's first 16 characters, in b.well's OperationOutcome, as a server that shortens secrets would.
  echo_token_prefix: {
    status: 200,
    json: (headers) => {
      const text = `Token ${(headers.authorization ?? '').replace(/^Bearer /, '').slice(0, 16)}… has expired`;
      const resource = {
        resourceType: 'OperationOutcome',
        issue: [{ severity: 'error', code: 'expired', details: { text } }],
      };
      return { data: null, errors: [{ message: text, extensions: { code: '401', resource } }] };
    },
  },
  // A 1 MB error message, and a 1 MB error code.
  huge_error: { status: 500, json: { errors: [{ message: `Server error: ${'x'.repeat(1024 * 1024)}` }] } },
  huge_code: {
    status: 200,
    json: { data: null, errors: [{ message: 'Server error', extensions: { code: 'E'.repeat(1024 * 1024) } }] },
  },
};

/** Faults that answer 200 with a redirectUrl the element must refuse to navigate to. */
export const redirectUrlFaults = {
  url_empty: '',
  url_relative: '/authorize?x',
  url_javascript: 'javascript:alert(1)',
  url_data: 'data:text/html,hi',
  url_http_remote: 'http://example.com/authorize',
  url_huge: `https://provider.example/authorize?state=${'a'.repeat(1024 * 1024)}`,
  // Short enough to pass the length check, all of it scheme.
  url_huge_scheme: `${'a'.repeat(12_000)}:x`,
};

/** Faults the resolver raises as GraphQL errors (see schema.mjs). */
export const errorFaults = ['graphql_error', 'graphql_error_plain'];

/** `slow` answers normally, this late: past any sensible request timeout, short of the flow's. */
export const SLOW_MS = 6000;

export const faultNames = [...Object.keys(responseFaults), ...errorFaults, ...Object.keys(redirectUrlFaults), 'slow'];

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
