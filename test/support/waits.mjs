/**
 * How long a test that asserts "no second event" waits after the first: the longest any other channel of the
 * same attempt can still take to report after one did — the next read of the popup's URL (500 ms by default)
 * followed by the close grace (1000 ms, src/settings.ts). Only tests in real browsers use it, where a second
 * event would come from the browser (COOP, the callback helper's two channels, a redirect's return, a real
 * click); that an attempt settles exactly once is otherwise proved with fake timers in test/attempt/properties.test.ts.
 * The one fixed wait of the suites: the browser tests (through test/support/results.ts) and the Node tests share it.
 */
export const NO_SECOND_EVENT_MS = 1500;
