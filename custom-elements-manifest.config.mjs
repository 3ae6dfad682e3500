// `npm run analyze` writes custom-elements.json from the sources; `npm run check:manifest` fails when the
// committed one differs from what the sources give now.
import { posix } from 'node:path';

/**
 * The manifest is published but src/ is not: every module path (`src/x.ts`, the analyzer's `/src/x.js` in
 * custom-element definitions, and the relative `./x.js` it copies from re-exports) becomes the built
 * module, `dist/x.js`.
 */
function pointAtDist() {
  const toDist = (path) => path.replace(/^\/?src\/(.+)\.[jt]s$/, 'dist/$1.js');
  const rewrite = (node, modulePath) => {
    if (Array.isArray(node)) return node.forEach((item) => rewrite(item, modulePath));
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if ((key === 'path' || key === 'module') && typeof value === 'string') {
        node[key] = toDist(value.startsWith('./') ? posix.join(posix.dirname(modulePath), value) : value);
      } else {
        rewrite(value, modulePath);
      }
    }
  };
  return {
    name: 'point-at-dist',
    packageLinkPhase({ customElementsManifest }) {
      for (const module of customElementsManifest.modules) rewrite(module, module.path);
    },
  };
}

export default {
  globs: ['src/**/*.ts'],
  // The framework adapters define no element: the React wrapper and the Vue and JSX template types are
  // documented in docs/frameworks.md, not in the manifest.
  exclude: ['src/react.ts', 'src/vue.ts', 'src/jsx.ts'],
  outdir: '.',
  litelement: true,
  // package.json already names the manifest; left on, the analyzer rewrites package.json to the outdir
  // it was given, which check:manifest points at a temporary directory.
  packagejson: false,
  plugins: [pointAtDist()],
};
