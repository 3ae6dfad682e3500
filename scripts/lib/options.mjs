// The scripts' command-line options: node:util's parseArgs, answering a bad option and --help the same everywhere.
import { parseArgs } from 'node:util';

/**
 * Parses process.argv; a bad option prints the error and `usage` (exit 2), --help (-h) prints `usage` (exit 0).
 * @param {string} usage
 * @param {import('node:util').ParseArgsConfig['options']} options
 * @returns {Record<string, string | boolean | undefined>}
 */
export function parseOptions(usage, options) {
  let values;
  try {
    ({ values } = parseArgs({ options: { ...options, help: { type: 'boolean', short: 'h' } } }));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : error}\n${usage}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  return values;
}
