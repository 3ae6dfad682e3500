import { fileURLToPath } from 'node:url';

// This app's own folder is its root, not the repository's (which has a lockfile of its own).
const root = fileURLToPath(new URL('.', import.meta.url));

/** @type {import('next').NextConfig} */
export default {
  turbopack: { root },
  outputFileTracingRoot: root,
};
