// Waiting in the browser tests: the one poll the tests and every other helper share, with a timeout that
// allows for the emulator's round trips.
import { waitUntil } from '@open-wc/testing';

/**
 * Waits until `condition` holds: at once when it already does (@open-wc/testing's `waitUntil` first asks after
 * one interval), else polling every 20 ms. The default allows a popup round trip through the emulator on a busy
 * machine, which @open-wc/testing's own 1 s default does not.
 */
export async function waitFor(condition: () => unknown, message: string, timeout = 15_000): Promise<void> {
  if (await condition()) return;
  await waitUntil(condition, message, { timeout, interval: 20 });
}
