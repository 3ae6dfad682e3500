// Type-checks the code the docs show, as an app that installed the package would compile it (part of
// `npm run typecheck`). From README.md and docs/*.md it takes every fenced block that is code a TypeScript
// app compiles:
//   - ```tsx / ```jsx: every block;
//   - ```ts / ```js: blocks that import from 'bwell-connect' (or one of its entry points);
//   - ```vue: the <script setup> part, if any (templates need vue-tsc, which is not used here);
//   - ```html: a <script type="module"> that imports from 'bwell-connect'.
// Each becomes a file of a small app in .tmp/snippets/ (ignored by git), which gets the package the way npm
// would install it: node_modules/bwell-connect/ holds our package.json (so its `exports` decide what
// 'bwell-connect/react' means) and dist/*.d.ts, emitted here from src/ by the TypeScript compiler, so nothing
// needs building first (CI type-checks before it builds). The app's compiler options are a fresh Vite
// react-ts app's (strict, JSX by react-jsx, bundler resolution, verbatimModuleSyntax, …) less noUnusedLocals
// and noUnusedParameters, since a snippet may show alternatives side by side; .js/.jsx blocks are checked
// too (checkJs). Other packages (react, vue, lit, @angular/core) come from the repository's
// node_modules. Each snippet is compiled as a program of its own, because what a module declares for
// everyone (`<bwell-connect>` in React's JSX, in Vue's components) must not reach a snippet that does not
// import it. Any error fails the check, reported at its line in the Markdown file.
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';

const SOURCES = [
  'README.md',
  ...readdirSync('docs')
    .filter((file) => file.endsWith('.md'))
    .map((file) => `docs/${file}`),
];
const APP = join('.tmp', 'snippets');
const PACKAGE = join(APP, 'node_modules', 'bwell-connect');

const IMPORTS_US = /\bfrom\s*['"]bwell-connect(?:\/[^'"]*)?['"]|\bimport\s*['"]bwell-connect(?:\/[^'"]*)?['"]/;

/** The fenced blocks of a Markdown file: language, first line of the body (1-based) and the body. */
function fencedBlocks(markdown) {
  const lines = markdown.split('\n');
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/.exec(lines[i]);
    if (!open) continue;
    const [, indent, fence, lang] = open;
    const body = [];
    let j = i + 1;
    for (; j < lines.length && !lines[j].trimStart().startsWith(fence); j++)
      body.push(lines[j].startsWith(indent) ? lines[j].slice(indent.length) : lines[j]);
    blocks.push({ lang: lang.toLowerCase(), line: i + 2, body });
    i = j;
  }
  return blocks;
}

/** The part of a block to compile, as { ext, line, code }, or undefined when the block is not such code. */
function snippetOf({ lang, line, body }) {
  const code = body.join('\n');
  switch (lang) {
    case 'tsx':
    case 'jsx':
      return { ext: lang, line, code };
    case 'ts':
    case 'typescript':
    case 'js':
    case 'javascript':
      return IMPORTS_US.test(code) ? { ext: lang.startsWith('t') ? 'ts' : 'js', line, code } : undefined;
    case 'vue':
      return scriptIn(body, line, /^<script\s+setup(?:\s+lang="(ts|js)")?\s*>/, (match) => match[1] ?? 'js');
    case 'html': {
      const script = scriptIn(body, line, /^\s*<script\s+type="module"\s*>/, () => 'js');
      return script && IMPORTS_US.test(script.code) ? script : undefined;
    }
    default:
      return undefined;
  }
}

function scriptIn(body, line, opening, extOf) {
  const start = body.findIndex((text) => opening.test(text));
  if (start < 0) return undefined;
  const end = body.findIndex((text, index) => index > start && /<\/script>/.test(text));
  if (end < 0) return undefined;
  return { ext: extOf(opening.exec(body[start])), line: line + start + 1, code: body.slice(start + 1, end).join('\n') };
}

rmSync(APP, { recursive: true, force: true });
mkdirSync(join(APP, 'src'), { recursive: true });

// The snippets, one file each; the name keeps where it came from.
const origins = new Map();
for (const source of SOURCES) {
  const snippets = fencedBlocks(readFileSync(source, 'utf8')).map(snippetOf).filter(Boolean);
  if (source === 'README.md' && !snippets.some((snippet) => snippet.ext === 'tsx')) {
    console.error('check:snippets: found no ```tsx block in README.md; the React snippet is what this check is for.');
    process.exit(1);
  }
  for (const { ext, line, code } of snippets) {
    const name = `${source.replace(/\W+/g, '_')}_L${line}.${ext}`;
    writeFileSync(join(APP, 'src', name), `${code}\n`);
    origins.set(name, { source, line });
  }
}

// The package as npm installs it: package.json and the declarations its exports point at.
mkdirSync(PACKAGE, { recursive: true });
cpSync('package.json', join(PACKAGE, 'package.json'));
const problems = [];
const format = (diagnostics) =>
  diagnostics.map((diagnostic) => {
    const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    if (!diagnostic.file || diagnostic.start === undefined) return `error TS${diagnostic.code}: ${text}`;
    const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    return {
      file: diagnostic.file.fileName,
      line: line + 1,
      column: character + 1,
      text: `error TS${diagnostic.code}: ${text}`,
    };
  });
{
  const config = ts.getParsedCommandLineOfConfigFile(
    'tsconfig.json',
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
  );
  const options = {
    ...config.options,
    declaration: true,
    emitDeclarationOnly: true,
    declarationMap: false,
    sourceMap: false,
    outDir: resolve(PACKAGE, 'dist'),
  };
  const program = ts.createProgram(config.fileNames, options);
  const emitted = program.emit();
  // src/ itself is type-checked by the `tsc -p tsconfig.json` that `npm run typecheck` runs first.
  const diagnostics = [...program.getSyntacticDiagnostics(), ...emitted.diagnostics];
  for (const item of format(diagnostics))
    problems.push(typeof item === 'string' ? item : `${item.file}:${item.line}:${item.column}: ${item.text}`);
}

// The declarations may only import what an app that installs the package has: its dependencies and peers.
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const installed = new Set(Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies }));
// Recursive: the declarations of src/attempt/ sit in dist/attempt/.
for (const file of readdirSync(join(PACKAGE, 'dist'), { recursive: true }).filter((name) => name.endsWith('.d.ts'))) {
  const text = readFileSync(join(PACKAGE, 'dist', file), 'utf8');
  // `from '…'`, `import '…'`, `import("…")` in an inferred type, `declare module '…'`; relative ones are ours.
  for (const [, specifier] of text.matchAll(
    /(?:\bfrom|\bimport|\bimport\s*\(|\bdeclare\s+module)\s*['"]([^'"]+)['"]/g,
  )) {
    if (specifier.startsWith('.')) continue;
    const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];
    if (!installed.has(name))
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
  noImplicitAny: true,
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
// One host for all the programs, so react's, vue's and lit's declarations are parsed once.
const host = ts.createCompilerHost(options);
const parsed = new Map();
const getSourceFile = host.getSourceFile;
const snippetDir = resolve(APP, 'src');
host.getSourceFile = (fileName, languageVersion, ...rest) => {
  if (resolve(fileName).startsWith(snippetDir)) return getSourceFile.call(host, fileName, languageVersion, ...rest);
  if (!parsed.has(fileName)) parsed.set(fileName, getSourceFile.call(host, fileName, languageVersion, ...rest));
  return parsed.get(fileName);
};
let previous;
for (const [name, origin] of origins) {
  const file = resolve(APP, 'src', name);
  const program = ts.createProgram({ rootNames: [file], options, host, oldProgram: previous });
  previous = program;
  const diagnostics = [
    ...program.getConfigFileParsingDiagnostics(),
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...program.getSyntacticDiagnostics(),
    ...program.getSemanticDiagnostics(),
  ];
  for (const item of format(diagnostics)) {
    if (typeof item === 'string') problems.push(`${origin.source}:${origin.line}: ${item}`);
    else if (resolve(item.file) === file)
      problems.push(`${origin.source}:${origin.line + item.line - 1}:${item.column}: ${item.text}`);
    else
      problems.push(
        `${item.file}:${item.line}:${item.column}: ${item.text} (compiling ${origin.source}:${origin.line})`,
      );
  }
}

if (problems.length > 0) {
  console.error(
    `check:snippets: the docs' code does not compile as an app's would (files in ${APP}/):\n  ${problems.join('\n  ')}`,
  );
  process.exit(1);
}
const counts = SOURCES.map(
  (source) => `${[...origins.values()].filter((origin) => origin.source === source).length} in ${source}`,
);
console.log(`check:snippets: ${origins.size} snippets compile against the package's types (${counts.join(', ')}).`);
