// The command-line options of the repository's scripts: node:util's parseArgs, plus the two answers every script
// gives the same way (a bad option: the error and the usage, exit 2; --help: the usage, exit 0).
import { parseArgs } from 'node:util';

/**
 * @param {string} usage printed for --help and after a bad option
 * @param {import('node:util').ParseArgsConfig['options']} options --help (-h) is added
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
