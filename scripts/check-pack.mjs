// Checks what `npm pack` would publish against what the README promises: every module of src/ as .js with
// its .d.ts (vue.ts and jsx.ts are types only), the three bundles, the manifest, README, LICENSE, package.json
// and docs/ (the pages the README links to) — and nothing else (no sources, tests, maps, demo or
// screenshots). Also that every `exports` target is in the package.
//
// Links: the docs travel with the package, so a reader of the installed package (node_modules, an editor, a
// CDN's file view) can follow every link. Every relative link and image in README.md and docs/*.md must
// therefore name a file that is in the package (and an existing heading, for a #fragment), and none may leave
// the package's root (`../`): there is nothing outside it for a reader of the package. The one exception is
// the repository-only folders (REPO_ONLY): the screenshots are for readers of the repository, so the package
// does not carry them, and a link into those folders must name a file git tracks instead.
// Run after `npm run build`.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { posix } from 'node:path';

const TYPES_ONLY = new Set(['vue', 'jsx', 'attempt/contracts', 'connection-status/contracts']);
/** Folders kept out of the package on purpose; links into them are checked against git, not the package. */
const REPO_ONLY = ['screenshots/'];
const gitFiles = (...paths) =>
  execFileSync('git', ['ls-files', '-z', ...paths], { encoding: 'utf8' })
    .split('\0')
    .filter(Boolean);
const modules = readdirSync('src', { recursive: true })
  .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
  .map((file) => file.slice(0, -3));
const expected = new Set([
  'package.json',
  'README.md',
  'LICENSE',
  'custom-elements.json',
  'dist/bwell-connect.min.js',
  'dist/bwell-connect.bundle.js',
  'dist/bwell-connect-callback.min.js',
  'dist/bwell-connect-status.min.js',
  'dist/vendor/graphql-request.js',
  // Every file of docs/ that git tracks: nothing that merely lies there is published.
  ...gitFiles('docs'),
  ...modules.flatMap((name) =>
    TYPES_ONLY.has(name) ? [`dist/${name}.d.ts`] : [`dist/${name}.js`, `dist/${name}.d.ts`],
  ),
]);

const [pack] = JSON.parse(
  execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { encoding: 'utf8' }),
);
const packed = new Set(pack.files.map((file) => file.path));
const problems = [
  ...[...expected].filter((file) => !packed.has(file)).map((file) => `missing from the package: ${file}`),
  ...[...packed].filter((file) => !expected.has(file)).map((file) => `not expected in the package: ${file}`),
];

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const targets = (value) => (typeof value === 'string' ? [value] : Object.values(value ?? {}).flatMap(targets));
for (const target of [...targets(pkg.exports), pkg.unpkg, pkg.jsdelivr, pkg.main, pkg.types, pkg.customElements]) {
  const path = target.replace(/^\.\//, '');
  if (!packed.has(path)) problems.push(`package.json points at ${target}, which is not in the package`);
}

/** GitHub's (and npm's) anchor for a heading: lower case, punctuation dropped, spaces as hyphens, repeats numbered. */
function headingAnchors(markdown) {
  const anchors = new Set();
  for (const line of withoutCode(markdown, { keepSpans: true })) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const base = heading[1]
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    let anchor = base;
    for (let n = 1; anchors.has(anchor); n++) anchor = `${base}-${n}`;
    anchors.add(anchor);
  }
  return anchors;
}

/** The Markdown's lines outside fenced code blocks, with inline code spans taken out unless `keepSpans`. */
function withoutCode(markdown, { keepSpans = false } = {}) {
  const lines = [];
  let fence;
  for (const line of markdown.split('\n')) {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence) {
      if (marker && marker[0] === fence[0] && marker.length >= fence.length) fence = undefined;
    } else if (marker) {
      fence = marker;
    } else {
      lines.push(keepSpans ? line : line.replace(/(`+)[^`]*?\1/g, ''));
    }
  }
  return lines;
}

/** Link and image targets: [text](target), ![alt](target), [id]: target, <a href>, <img src>. */
function linkTargets(markdown) {
  const targets = [];
  withoutCode(markdown).forEach((line) => {
    for (const match of line.matchAll(/!?\[[^\]]*\]\(\s*(<[^>]*>|[^)\s]+)(?:\s+["'(][^)]*)?\)/g))
      targets.push(match[1].replace(/^<|>$/g, ''));
    for (const match of line.matchAll(/^\s{0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)/g))
      targets.push(match[1].replace(/^<|>$/g, ''));
    for (const match of line.matchAll(/<(?:a|img)\b[^>]*?\s(?:href|src)\s*=\s*["']([^"']*)["']/gi))
      targets.push(match[1]);
  });
  return targets;
}

const pages = [...packed].filter((file) => file === 'README.md' || (file.startsWith('docs/') && file.endsWith('.md')));
const anchorsOf = new Map(pages.map((page) => [page, headingAnchors(readFileSync(page, 'utf8'))]));
const repoOnly = new Set(gitFiles(...REPO_ONLY));
let links = 0;
let repoOnlyLinks = 0;
for (const page of pages) {
  for (const target of linkTargets(readFileSync(page, 'utf8'))) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) continue; // absolute: https:, mailto:
    links++;
    const [pathPart, fragment] = target.split('#', 2);
    const path = decodeURIComponent(pathPart.split('?')[0]);
    const file = path === '' ? page : posix.normalize(posix.join(posix.dirname(page), path));
    if (path.startsWith('/') || file === '..' || file.startsWith('../')) {
      problems.push(`${page} links to ${target}, outside the package (a reader of the package has nothing there)`);
    } else if (REPO_ONLY.some((folder) => file.startsWith(folder))) {
      repoOnlyLinks++;
      if (!repoOnly.has(file)) problems.push(`${page} links to ${target}, but git tracks no ${file}`);
    } else if (!packed.has(file)) {
      problems.push(`${page} links to ${target}, but ${file} is not in the package`);
    } else if (fragment && file.endsWith('.md') && !anchorsOf.get(file)?.has(fragment.toLowerCase())) {
      problems.push(`${page} links to ${target}, but ${file} has no heading with that anchor`);
    }
  }
}

if (problems.length > 0) {
  console.error(`check:pack:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(
  `check:pack: ${packed.size} files, ${(pack.unpackedSize / 1024).toFixed(1)} KiB unpacked, as documented; ${links} relative links in ${pages.length} pages, ${links - repoOnlyLinks} inside the package and ${repoOnlyLinks} into ${REPO_ONLY.join(', ')} (tracked by git).`,
);
