// The third-party provider's sign-in and consent page, on an origin of its own: what the member sees in the
// popup between getOauthUrl's redirectUrl and the completion page.
import { escapeHtml, htmlPage, listen, sendHtml } from './http.mjs';
import { POST_PAGE_PATH, sendPostPage } from './post-page.mjs';

/** The provider's buttons, each ending the flow with one of b.well's status codes. */
export const choices = [
  { code: 'success', label: 'Allow' },
  { code: 'cancelled', label: 'Deny' },
  { code: 'error', label: 'Fail' },
  { code: 'expired', label: 'Let the token expire' },
  { code: 'unauthorized', label: 'Break CSRF' },
];

const codes = choices.map((c) => c.code);

/** `auto` values that are not a status code. */
const autoActions = ['close', 'stay', 'spoof', 'hijack'];

const DEFAULT_AUTO_DELAY_MS = 150;

/**
 * @param {{ port: number, state: import('./state.mjs').EmulatorState }} options
 */
export function startProvider({ port, state }) {
  return listen((req, res, url) => {
    if (req.method !== 'GET') {
      sendHtml(res, 405, errorPage('Method not allowed'));
    } else if (url.pathname === '/authorize') {
      authorize(res, url, state);
    } else if (url.pathname === '/authorize/complete') {
      complete(res, url, state);
    } else if (url.pathname === POST_PAGE_PATH) {
      sendPostPage(res);
    } else {
      sendHtml(res, 404, errorPage('Page not found'));
    }
  }, port);
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {URL} url
 * @param {import('./state.mjs').EmulatorState} state
 */
function authorize(res, url, state) {
  const sessionId = url.searchParams.get('session') ?? '';
  const session = state.session(sessionId);
  if (!session) {
    sendHtml(res, 400, errorPage('This sign-in link is unknown or has expired.'));
    return;
  }
  const auto = url.searchParams.get('auto');
  if (auto !== null && !codes.includes(auto) && !autoActions.includes(auto)) {
    sendHtml(res, 400, errorPage(`Unknown auto action "${auto}".`));
    return;
  }
  const autoDelay = Number(url.searchParams.get('autoDelay') ?? DEFAULT_AUTO_DELAY_MS);
  // COOP severs the popup from its opener, as many real identity providers' pages do.
  /** @type {Record<string, string>} */
  const headers = url.searchParams.get('coop') === '1' ? { 'cross-origin-opener-policy': 'same-origin' } : {};

  const buttons = choices
    .map((c) => `<button type="submit" name="code" value="${c.code}">${escapeHtml(c.label)}</button>`)
    .join('\n    ');
  const body = `<header>Example Health</header>
<main>
  <h1>Sign in to share your records with b.well</h1>
  <p>b.well is asking for access to your Example Health records for connection
    <strong>${escapeHtml(session.connectionId)}</strong>.</p>
  <form action="/authorize/complete" method="get">
    <input type="hidden" name="session" value="${escapeHtml(sessionId)}">
    ${buttons}
  </form>
  <p class="note" id="note">${auto ? `Emulator: acting by itself (${escapeHtml(auto)}).` : 'Emulator: choose an outcome.'}</p>
</main>`;
  sendHtml(
    res,
    200,
    htmlPage({ title: 'Example Health — sign in', body, script: auto ? autoScript(auto, autoDelay) : '' }),
    headers,
  );
}

/**
 * @param {string} auto
 * @param {number} autoDelay
 */
function autoScript(auto, autoDelay) {
  return `setTimeout(() => {
  const auto = ${JSON.stringify(auto)};
  if (auto === 'close') {
    window.close();
  } else if (auto === 'spoof') {
    // An untrusted origin claiming success: the element must ignore it.
    if (window.opener) window.opener.postMessage('status-success', '*');
    document.getElementById('note').textContent = 'Emulator: posted a spoofed status-success to the opener.';
  } else if (auto === 'hijack') {
    // A script on the provider's page skipping consent: straight to the return URL with a success b.well never recorded.
    const next = new URL(new URLSearchParams(location.search).get('return'));
    next.searchParams.set('status_code', 'success');
    location.href = next.href;
  } else if (auto !== 'stay' && self.origin === 'null') {
    // A popup that inherited a sandbox without allow-forms cannot submit the form: follow its action instead.
    const form = document.querySelector('form');
    location.href = form.action + '?' + new URLSearchParams({ session: form.elements.session.value, code: auto });
  } else if (auto !== 'stay') {
    document.querySelector('button[value="' + auto + '"]').click();
  }
}, ${Number.isFinite(autoDelay) ? autoDelay : DEFAULT_AUTO_DELAY_MS});`;
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {URL} url
 * @param {import('./state.mjs').EmulatorState} state
 */
function complete(res, url, state) {
  const code = url.searchParams.get('code') ?? '';
  if (!codes.includes(code)) {
    sendHtml(res, 400, errorPage(`Unknown outcome "${code}".`));
    return;
  }
  const session = state.completeSession(url.searchParams.get('session') ?? '', code);
  if (!session) {
    sendHtml(res, 400, errorPage('This sign-in session is unknown or has expired.'));
    return;
  }
  const next = new URL(session.returnUrl);
  next.searchParams.set('status_code', code);
  res.writeHead(302, { location: next.href, 'cache-control': 'no-store' });
  res.end();
}

/** @param {string} message */
function errorPage(message) {
  return htmlPage({
    title: 'Example Health',
    body: `<header>Example Health</header>\n<main><p>${escapeHtml(message)}</p></main>`,
  });
}
