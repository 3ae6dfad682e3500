// `/post.html`, served by the provider and the completion servers: a page that posts one message to the
// windows related to it, as another widget, a hostile iframe or a stray window would. Tests use it to check
// that the element ignores messages that do not come from its own popup on a trusted origin.
//
//   ?data=<string>     the message, a string (default: status-success)
//   ?json=<json>       the message, any JSON value (objects, numbers, null); wins over `data`
//   ?to=parent,opener  where to post (any of parent, opener, top; default: parent,opener), always with '*'
//   ?close=1           window.close() right after posting
import { htmlPage, sendHtml } from './http.mjs';

export const POST_PAGE_PATH = '/post.html';

const script = `const params = new URLSearchParams(location.search);
const data = params.has('json') ? JSON.parse(params.get('json')) : (params.get('data') ?? 'status-success');
const targets = { parent: window.parent, opener: window.opener, top: window.top };
const posted = [];
for (const name of (params.get('to') ?? 'parent,opener').split(',')) {
  const target = targets[name];
  if (target && target !== window) {
    target.postMessage(data, '*');
    posted.push(name);
  }
}
document.getElementById('posted').textContent = posted.join(', ') || 'nowhere';
if (params.get('close') === '1') window.close();`;

/** @param {import('node:http').ServerResponse} res */
export function sendPostPage(res) {
  const body = `<main><h1>Posting a message</h1><p class="note">Posted to: <span id="posted">…</span></p></main>`;
  sendHtml(res, 200, htmlPage({ title: 'Emulator — post a message', body, script }));
}
