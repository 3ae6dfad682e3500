// Checks what `npm pack` would publish against what the README promises: every module of src/ as .js with its
// .d.ts (TYPES_ONLY: the .d.ts alone), the bundles, the manifest, README, LICENSE, package.json and docs/ — and
// nothing else (no sources, tests, maps, demo or screenshots); and that every `exports` target is in it.
//
// Links: the docs travel with the package, so a reader of the installed package (node_modules, an editor, a CDN's
// file view) must be able to follow every relative link and image of README.md and docs/*.md: each must name a
// file in the package (and an existing heading, for a #fragment), and none may leave its root (`../`). Links into
// the REPO_ONLY folders are the exception: the screenshots are for readers of the repository, not shipped, so such
// a link must name a file git tracks instead. Run after `npm run build`.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { posix } from 'node:path';
import { splitMarkdown } from './lib/markdown.mjs';

const TYPES_ONLY = new Set(['vue', 'jsx', 'attempt/contracts', 'connection-status/contracts']);
/** Folders kept out of the package on purpose; links into them are checked against git, not the package. */
const REPO_ONLY = ['screenshots/'];
const gitFiles = (...paths) =>
  execFileSync('git', ['ls-files', '-z', ...paths], { encoding: 'utf8' })
    .split('\0')
    .filter(Boolean);
const modules = readdirSync('src', { recursive: true }).flatMap((file) =>
  file.endsWith('.ts') && !file.endsWith('.d.ts') ? [file.slice(0, -3)] : [],
);
const expected = new Set([
  ...['package.json', 'README.md', 'LICENSE', 'custom-elements.json', 'dist/vendor/graphql-request.js'],
  ...['dist/bwell-connect.min.js', 'dist/bwell-connect.bundle.js'],
  ...['dist/bwell-connect-callback.min.js', 'dist/bwell-connect-status.min.js'],
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
  if (!packed.has(target.replace(/^\.\//, '')))
    problems.push(`package.json points at ${target}, which is not in the package`);
}

/** GitHub's (and npm's) heading anchors: lower case, punctuation dropped, spaces as hyphens, repeats numbered. */
function headingAnchors(prose) {
  const anchors = new Set();
  for (const [, heading] of prose.map((line) => /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)).filter(Boolean)) {
    const base = heading
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    let anchor = base;
    for (let n = 1; anchors.has(anchor); n++) anchor = `${base}-${n}`;
    anchors.add(anchor);
  }
  return anchors;
}

/** Link and image targets: [text](target), ![alt](target), [id]: target, <a href>, <img src>. */
const LINK_PATTERNS = [
  /!?\[[^\]]*\]\(\s*(<[^>]*>|[^)\s]+)(?:\s+["'(][^)]*)?\)/g,
  /^\s{0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)/g,
  /<(?:a|img)\b[^>]*?\s(?:href|src)\s*=\s*["']([^"']*)["']/gi,
];

/** The link targets of the lines outside code, less their inline code spans. */
function linkTargets(prose) {
  return prose.flatMap((line) => {
    const text = line.replace(/(`+)[^`]*?\1/g, '');
    return LINK_PATTERNS.flatMap((pattern) => [...text.matchAll(pattern)].map((m) => m[1].replace(/^<|>$/g, '')));
  });
}

const pages = [...packed].filter((file) => file === 'README.md' || (file.startsWith('docs/') && file.endsWith('.md')));
const proseOf = new Map(pages.map((page) => [page, splitMarkdown(readFileSync(page, 'utf8')).prose]));
const anchorsOf = new Map(pages.map((page) => [page, headingAnchors(proseOf.get(page))]));
const repoOnly = new Set(gitFiles(...REPO_ONLY));
let links = 0;
let repoOnlyLinks = 0;
for (const page of pages) {
  for (const target of linkTargets(proseOf.get(page))) {
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
