// The page's reads of b.well's getMemberConnections. The answer lists every connection of the member, so
// elements that ask within one moment, with the same endpoint and token, share one request: a provider list
// of a hundred elements asks once. Each reader may leave (abort) on its own; the request is aborted when the
// last one leaves. The token is read once per request: a function token is called for each, never kept.
import {
  GET_MEMBER_STATUS_QUERY,
  requestMemberConnections,
  resolveToken,
  type AccessToken,
  type MemberConnection,
} from '../bwell-api.js';
import { STATUS_DEFAULTS } from '../settings.js';

/** Where and as whom to read. */
export interface ReadTarget {
  /** The absolute, checked endpoint (see `resolveEndpoint`). */
  endpoint: string;
  /** The element's `accessToken` as set: readers with the same one (the same string, the same function) share. */
  accessToken: AccessToken | undefined;
  /** Ms the token and the request together may take. */
  deadline: number;
}

/** One request in the making: gathering readers until it is sent. */
interface Batch {
  readers: number;
  controller: AbortController;
  list: Promise<MemberConnection[]>;
}

/** The batches still gathering readers, by endpoint, then by token. */
const gathering = new Map<string, Map<AccessToken | undefined, Batch>>();

/**
 * The member's connections, from a request shared with every reader that asks within
 * `STATUS_DEFAULTS.readMoment` ms with the same endpoint and token. Rejects with the signal's reason when
 * `signal` aborts, and like `requestMemberConnections` otherwise.
 */
export function readMemberConnections(target: ReadTarget, signal: AbortSignal): Promise<MemberConnection[]> {
  if (signal.aborted) return Promise.reject(signal.reason);
  const batch = join(target);
  batch.readers += 1;
  return new Promise((resolve, reject) => {
    const leave = () => {
      reject(signal.reason);
      batch.readers -= 1;
      if (batch.readers === 0) batch.controller.abort(signal.reason);
    };
    signal.addEventListener('abort', leave, { once: true });
    batch.list.then(resolve, reject).finally(() => signal.removeEventListener('abort', leave));
  });
}

function join({ endpoint, accessToken, deadline }: ReadTarget): Batch {
  let byToken = gathering.get(endpoint);
  if (!byToken) gathering.set(endpoint, (byToken = new Map()));
  const open = byToken.get(accessToken);
  if (open) return open;
  const tokens = byToken;
  const controller = new AbortController();
  const { signal } = controller;
  // Sent, or given up: later readers start a batch of their own.
  const close = () => {
    if (tokens.get(accessToken) === batch) tokens.delete(accessToken);
    if (tokens.size === 0 && gathering.get(endpoint) === tokens) gathering.delete(endpoint);
  };
  const list = new Promise<MemberConnection[]>((resolve, reject) => {
    const timer = setTimeout(() => {
      close();
      const token = resolveToken(accessToken);
      token.catch(() => undefined); // Reported through the request.
      requestMemberConnections({ endpoint, token, signal, deadline }, GET_MEMBER_STATUS_QUERY).then(resolve, reject);
    }, STATUS_DEFAULTS.readMoment);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        close();
        reject(signal.reason);
      },
      { once: true },
    );
  });
  list.catch(() => undefined); // Each reader gets the rejection; this only keeps it from going unhandled.
  const batch: Batch = { readers: 0, controller, list };
  byToken.set(accessToken, batch);
  return batch;
}
