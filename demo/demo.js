// Wires the demo page: scenario controls → the emulated element, events → the log.
// Works before (or without) the element being defined, so the page still renders if its source fails to load.
import { describeEvent, describePhase, describeStatusEvent, renderEntry } from './log.js';

const $ = (/** @type {string} */ id) => /** @type {any} */ (document.getElementById(id));

const emulated = $('emulated');
const sandbox = $('sandbox');
const log = $('log');

const SHORT_TIMEOUT = 15_000;
const DEFAULT_TIMEOUT = 300_000;
const MEMBER_QUERY = '{ getMemberConnections { id status statusUpdated } }';

/**
 * Sets a property now if the element is defined, else once it is: set earlier, it would sit on the plain
 * HTMLElement and hide the element's own accessor.
 * @param {any} element
 * @param {string} name
 * @param {unknown} value
 */
function setProperty(element, name, value) {
  if (customElements.get('bwell-connect')) element[name] = value;
  else customElements.whenDefined('bwell-connect').then(() => (element[name] = value));
}

for (const type of ['connection-success', 'connection-failure']) {
  document.addEventListener(type, (event) => {
    const item = renderEntry(describeEvent(/** @type {CustomEvent} */ (event)));
    item.dataset.source = /** @type {HTMLElement} */ (event.target).id;
    log.append(item);
    refreshMembers();
  });
}
// What b.well shows of each provider's connection: a list of its own, apart from the attempts' outcomes.
document.addEventListener('connection-status', (event) => {
  const item = renderEntry(describeStatusEvent(/** @type {CustomEvent} */ (event)));
  item.dataset.source = /** @type {HTMLElement} */ (event.target).id;
  $('status-log').append(item);
});
$('log-clear').addEventListener('click', () => {
  log.replaceChildren();
  $('status-log').replaceChildren();
});

new MutationObserver(() => {
  const state = emulated.getAttribute('state') ?? 'idle';
  $('emulated-state').value = state;
  $('emulated-state').dataset.state = state;
  $('emulated-cancel').disabled = state !== 'working';
}).observe(emulated, { attributes: true, attributeFilter: ['state'] });

emulated.addEventListener('connection-progress', (/** @type {CustomEvent} */ event) => {
  const { phase } = event.detail;
  $('emulated-progress').dataset.phase = phase;
  $('emulated-phase').textContent = phase;
  $('emulated-phase-text').textContent = describePhase(phase);
});

$('emulated-cancel').addEventListener('click', () => emulated.cancel?.());

/** @type {{ endpoint: string, completionOrigin: string } | undefined} */
let config;

function applyScenario() {
  if (!config) return;
  const flags = new URLSearchParams();
  const mode = $('scenario-mode').value;
  const returnTo = $('scenario-redirect').value;
  if (mode === 'redirect' || mode === 'auto') {
    // Redirect mode needs the custom redirect URL to be this very page.
    flags.set('redirect', 'custom');
    flags.set('returnPath', location.pathname);
  } else if (returnTo === 'custom') {
    flags.set('redirect', 'custom');
  } else if (returnTo === 'helper') {
    flags.set('redirect', 'custom');
    flags.set('returnPath', '/demo/callback-helper.html');
  }
  if ($('scenario-coop').checked) flags.set('coop', '1');
  if ($('scenario-auto').value) flags.set('auto', $('scenario-auto').value);
  const endpoint = flags.size > 0 ? `${config.endpoint}?${flags}` : config.endpoint;

  emulated.setAttribute('endpoint', endpoint);
  emulated.setAttribute('connection-id', $('scenario-connection').value);
  emulated.setAttribute('trusted-origins', config.completionOrigin);
  emulated.setAttribute('timeout', String($('scenario-timeout').checked ? SHORT_TIMEOUT : DEFAULT_TIMEOUT));
  setProperty(emulated, 'accessToken', $('scenario-token').value || undefined);
  emulated.setAttribute('mode', mode === 'native' ? 'popup' : mode);
  setProperty(emulated, 'openUrl', mode === 'native' ? openInNativeApp : undefined);
  $('native-app').hidden = mode !== 'native';
  $('emulated-endpoint').textContent = endpoint;
}

/** The native seam, simulated: a real app would open SFSafariViewController or a Custom Tab here. */
/** @type {string | undefined} */
let nativeUrl;
function openInNativeApp(/** @type {string} */ url) {
  nativeUrl = url;
  $('native-app').hidden = false;
}
$('native-open').addEventListener('click', () => nativeUrl && window.open(nativeUrl, '_blank'));
for (const button of $('native-app').querySelectorAll('button[data-code]')) {
  button.addEventListener('click', () => emulated.complete?.(button.dataset.code));
}

async function refreshMembers() {
  if (!config) return;
  const list = $('member-connections');
  try {
    const response = await fetch(config.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer demo-token' },
      body: JSON.stringify({ query: MEMBER_QUERY }),
    });
    const { data } = await response.json();
    list.replaceChildren(
      ...data.getMemberConnections.map((/** @type {any} */ c) => {
        const item = document.createElement('li');
        item.textContent = `${c.id}: ${c.status}${c.statusUpdated ? ` (since ${c.statusUpdated})` : ''}`;
        return item;
      }),
    );
  } catch (error) {
    list.replaceChildren(Object.assign(document.createElement('li'), { textContent: `Could not ask: ${error}` }));
  }
}
$('members-refresh').addEventListener('click', refreshMembers);

/** The provider list: each row's element reads its connection's status from the emulator (show-status). */
function applyProviders() {
  if (!config) return;
  for (const element of document.querySelectorAll('#providers bwell-connect')) {
    element.setAttribute('endpoint', config.endpoint);
    element.setAttribute('trusted-origins', config.completionOrigin);
    setProperty(element, 'accessToken', 'demo-token');
    element.removeAttribute('disabled');
  }
}

function applySandbox() {
  sandbox.setAttribute('endpoint', $('sandbox-endpoint').value);
  sandbox.setAttribute('connection-id', $('sandbox-connection').value);
  setProperty(sandbox, 'accessToken', $('sandbox-token').value || undefined);
}
$('sandbox-form').addEventListener('input', applySandbox);
$('sandbox-form').addEventListener('submit', (/** @type {Event} */ event) => event.preventDefault());
applySandbox();

$('scenario').addEventListener('change', applyScenario);
$('scenario').addEventListener('input', applyScenario);
$('scenario').addEventListener('submit', (/** @type {Event} */ event) => event.preventDefault());

const emulatorStatus = $('emulator-status');
try {
  const response = await fetch('/__emulator/config.json');
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  config = await response.json();
  applyScenario();
  applyProviders();
  emulated.removeAttribute('disabled');
  $('emulator-completion').textContent = config?.completionOrigin;
  refreshMembers();
} catch (error) {
  emulatorStatus.textContent = `The emulator is not running here (${error}). Start the demo with "npm start".`;
}

if (!customElements.get('bwell-connect')) {
  setTimeout(() => {
    if (!customElements.get('bwell-connect')) {
      emulatorStatus.textContent += ' <bwell-connect> is not defined: its source failed to load (see the console).';
    }
  }, 3000);
}
