// b.well's hosted completion page (Option 1): `${completionOrigin}/index.html?status_code=…`.
import { escapeHtml, htmlPage, listen, sendHtml } from './http.mjs';
import { POST_PAGE_PATH, sendPostPage } from './post-page.mjs';

/** @type {Record<string, string>} */
const statusWords = {
  success: 'Your records are connected.',
  error: 'Something went wrong while connecting your records.',
  cancelled: 'You declined to share your records.',
  expired: 'Your session expired before the connection finished.',
  unauthorized: 'The connection could not be verified (security check failed).',
};

// As b.well does: a bare string, to any origin, and the window stays open for the opener to close.
const script = `const code = new URLSearchParams(location.search).get('status_code');
if (window.opener) window.opener.postMessage(code === 'success' ? 'status-success' : 'status-failure', '*');`;

/** @param {{ port: number }} options */
export function startCompletion({ port }) {
  return listen((req, res, url) => {
    if (req.method === 'GET' && url.pathname === POST_PAGE_PATH) {
      sendPostPage(res);
      return;
    }
    if (req.method !== 'GET' || (url.pathname !== '/index.html' && url.pathname !== '/')) {
      sendHtml(res, 404, htmlPage({ title: 'Not found', body: '<main><p>Not found</p></main>' }));
      return;
    }
    const code = url.searchParams.get('status_code');
    const words = (code && statusWords[code]) ?? `Unexpected status: ${code ?? 'none'}.`;
    const body = `<header>b.well</header>
<main>
  <h1>${escapeHtml(words)}</h1>
  <p class="note">status_code: <code id="status-code">${escapeHtml(code ?? '')}</code></p>
  <p>You can close this window.</p>
</main>`;
    sendHtml(res, 200, htmlPage({ title: 'b.well — connection', body, script, accent: '#0b7a5a' }));
  }, port);
}
