// Type-checks the code the docs show as an app that installed the package would compile it (the end of
// `npm run typecheck`). It takes these fenced blocks of README.md and docs/*.md: ```tsx and ```jsx, all; ```ts
// and ```js that import from 'bwell-connect' (or an entry point); the <script setup> of ```vue (templates need
// vue-tsc, not used here); a <script type="module"> of ```html that imports the package. Each becomes a file of
// a small app in .tmp/snippets/ (ignored by git), which has the package as npm would install it: our package.json
// (its `exports` decide what 'bwell-connect/react' means) and dist/*.d.ts emitted here from src/, so nothing needs
// building first (CI type-checks before it builds); react, vue, lit and @angular/core come from the repository's
// node_modules. The app's compiler options are a fresh Vite react-ts app's less noUnusedLocals and
// noUnusedParameters (a snippet may show alternatives side by side), with checkJs for .js/.jsx. Each snippet is a
// program of its own: what a module declares for everyone (`<bwell-connect>` in React's JSX, in Vue's components)
// must not reach a snippet that does not import it. Any error fails the check, reported at its Markdown line.
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { splitMarkdown } from './lib/markdown.mjs';

const SOURCES = ['README.md', ...readdirSync('docs').flatMap((file) => (file.endsWith('.md') ? [`docs/${file}`] : []))];
const APP = join('.tmp', 'snippets');
const PACKAGE = join(APP, 'node_modules', 'bwell-connect');
const IMPORTS_US = /\b(?:from|import)\s*['"]bwell-connect(?:\/[^'"]*)?['"]/;

/** The part of a fenced block to compile, as { ext, line, code }, or undefined when the block is not such code. */
function snippetOf({ lang, line, body }) {
  const code = body.join('\n');
  if (lang === 'tsx' || lang === 'jsx') return { ext: lang, line, code };
  if (/^(ts|typescript|js|javascript)$/.test(lang))
    return IMPORTS_US.test(code) ? { ext: lang.startsWith('t') ? 'ts' : 'js', line, code } : undefined;
  if (lang === 'vue') return scriptIn(body, line, /^<script\s+setup(?:\s+lang="(ts|js)")?\s*>/);
  const script = lang === 'html' ? scriptIn(body, line, /^\s*<script\s+type="module"\s*>/) : undefined;
  return script && IMPORTS_US.test(script.code) ? script : undefined;
}

/** The script that starts at a line matching `opening` (its `lang` attribute, if any, names the ext; else js). */
function scriptIn(body, line, opening) {
  const start = body.findIndex((text) => opening.test(text));
  const end = body.findIndex((text, index) => start >= 0 && index > start && /<\/script>/.test(text));
  if (end < 0) return undefined;
  return {
    ext: opening.exec(body[start])[1] ?? 'js',
    line: line + start + 1,
    code: body.slice(start + 1, end).join('\n'),
  };
}

/** A diagnostic's text, and where it is (1-based) when it is in a file. */
function describe(diagnostic) {
  const text = `error TS${diagnostic.code}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
  if (!diagnostic.file || diagnostic.start === undefined) return { text };
  const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
  return { text, file: diagnostic.file.fileName, line: line + 1, column: character + 1 };
}

rmSync(APP, { recursive: true, force: true });
mkdirSync(join(APP, 'src'), { recursive: true });

// The snippets, one file each; the name keeps where it came from.
const origins = new Map();
for (const source of SOURCES) {
  const snippets = splitMarkdown(readFileSync(source, 'utf8')).blocks.map(snippetOf).filter(Boolean);
  if (source === 'README.md' && !snippets.some((snippet) => snippet.ext === 'tsx')) {
    console.error('check:snippets: found no ```tsx block in README.md; the React snippet is what this check is for.');
    process.exit(1);
  }
  for (const { ext, line, code } of snippets) {
    const name = `${source.replace(/\W+/g, '_')}_L${line}.${ext}`;
    writeFileSync(join(APP, 'src', name), `${code}\n`);
    origins.set(resolve(APP, 'src', name), { source, line });
  }
}

// The package as npm installs it: package.json and the declarations its exports point at. src/ itself is
// type-checked by the `tsc -p tsconfig.json` that `npm run typecheck` runs first: only emitting can fail here.
mkdirSync(PACKAGE, { recursive: true });
cpSync('package.json', join(PACKAGE, 'package.json'));
const problems = [];
const config = ts.getParsedCommandLineOfConfigFile(
  'tsconfig.json',
  {},
  { ...ts.sys, onUnRecoverableConfigFileDiagnostic() {} },
);
const declarations = ts.createProgram(config.fileNames, {
  ...config.options,
  declaration: true,
  emitDeclarationOnly: true,
  declarationMap: false,
  sourceMap: false,
  outDir: resolve(PACKAGE, 'dist'),
});
const diagnostics = [...declarations.getSyntacticDiagnostics(), ...declarations.emit().diagnostics];
for (const d of diagnostics.map(describe))
  problems.push(d.file ? `${d.file}:${d.line}:${d.column}: ${d.text}` : d.text);

// The declarations may only import what an app that installs the package has: its dependencies and peers.
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const installed = new Set(Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies }));
// `from '…'`, `import '…'`, `import("…")` in an inferred type, `declare module '…'`; relative ones are ours.
const IMPORT_SPECIFIER = /(?:\bfrom|\bimport|\bimport\s*\(|\bdeclare\s+module)\s*['"]([^'"]+)['"]/g;
// Recursive: the declarations of src/attempt/ sit in dist/attempt/.
for (const file of readdirSync(join(PACKAGE, 'dist'), { recursive: true }).filter((name) => name.endsWith('.d.ts'))) {
  const text = readFileSync(join(PACKAGE, 'dist', file), 'utf8');
  for (const [, specifier] of text.matchAll(IMPORT_SPECIFIER)) {
    const name = specifier.split('/', specifier.startsWith('@') ? 2 : 1).join('/');
    if (!specifier.startsWith('.') && !installed.has(name))
      problems.push(`dist/${file} imports '${specifier}', which is neither a dependency nor a peer dependency`);
  }
}

// The app: its own package.json (so 'bwell-connect' is not resolved as the repository's self-reference) and
// its compiler options (see the top of this file).
writeFileSync(
  join(APP, 'package.json'),
  `${JSON.stringify({ name: 'snippets-app', private: true, type: 'module' }, null, 2)}\n`,
);
const compilerOptions = {
  target: 'ES2022',
  lib: ['ES2022', 'DOM', 'DOM.Iterable'],
  module: 'ESNext',
  moduleResolution: 'bundler',
  moduleDetection: 'force',
  jsx: 'react-jsx',
  strict: true,
  verbatimModuleSyntax: true,
  isolatedModules: true,
  noUncheckedSideEffectImports: true,
  noFallthroughCasesInSwitch: true,
  erasableSyntaxOnly: true,
  allowJs: true,
  checkJs: true,
  // Only what the snippets import: not every @types package of the repository's node_modules.
  types: [],
  skipLibCheck: true,
  noEmit: true,
};
// Written out too, so `npx tsc -p .tmp/snippets` shows the same errors (all snippets in one program, though).
writeFileSync(join(APP, 'tsconfig.json'), `${JSON.stringify({ compilerOptions, include: ['src'] }, null, 2)}\n`);

const options = ts.convertCompilerOptionsFromJson(compilerOptions, APP).options;
// One host for all the programs, so react's, vue's and lit's declarations are parsed once (the snippets never).
const host = ts.createCompilerHost(options);
const parsed = new Map();
const getSourceFile = host.getSourceFile;
host.getSourceFile = (fileName, ...rest) => {
  if (origins.has(resolve(fileName))) return getSourceFile.call(host, fileName, ...rest);
  if (!parsed.has(fileName)) parsed.set(fileName, getSourceFile.call(host, fileName, ...rest));
  return parsed.get(fileName);
};
let oldProgram;
for (const [file, { source, line }] of origins) {
  const program = (oldProgram = ts.createProgram({ rootNames: [file], options, host, oldProgram }));
  for (const item of ts.getPreEmitDiagnostics(program).map(describe)) {
    if (!item.file) problems.push(`${source}:${line}: ${item.text}`);
    else if (resolve(item.file) === file)
      problems.push(`${source}:${line + item.line - 1}:${item.column}: ${item.text}`);
    else problems.push(`${item.file}:${item.line}:${item.column}: ${item.text} (compiling ${source}:${line})`);
  }
}

if (problems.length > 0) {
  console.error(
    `check:snippets: the docs' code does not compile as an app's would (files in ${APP}/):\n  ${problems.join('\n  ')}`,
  );
  process.exit(1);
}
const counts = SOURCES.map(
  (source) => `${[...origins.values()].filter((o) => o.source === source).length} in ${source}`,
);
console.log(`check:snippets: ${origins.size} snippets compile against the package's types (${counts.join(', ')}).`);
