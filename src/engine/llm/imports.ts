import { posix } from 'node:path';
import type { FileIndex } from './trace-paths';

const JS_SPECIFIERS = [
  /\bfrom\s*['"]([^'"\n]+)['"]/g,
  /\bimport\s*['"]([^'"\n]+)['"]/g,
  /\b(?:require|import|jest\.mock|vi\.mock|requireActual)\s*\(\s*['"]([^'"\n]+)['"]\s*[,)]/g,
];
const JS_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs', '.vue', '.svelte', '.json'];
const PY_FROM = /^[ \t]*from[ \t]+(\.*)([\w.]*)[ \t]+import[ \t]+\(?([\w, \t*]+)/gm;
const PY_IMPORT = /^[ \t]*import[ \t]+([\w.]+(?:[ \t]*,[ \t]*[\w.]+)*)/gm;

/**
 * Workspace files that `path` imports: relative specifiers in JavaScript and TypeScript,
 * local modules in Python. Only files present in the index count; packages never do.
 */
export function localImports(path: string, content: string, index: FileIndex): string[] {
  const out: string[] = [];
  const add = (p: string | undefined) => {
    if (p && p !== path && !out.includes(p)) out.push(p);
  };
  if (/\.py$/.test(path)) {
    for (const p of pythonImports(path, content, index)) add(p);
  } else {
    for (const re of JS_SPECIFIERS) {
      for (const m of content.matchAll(re)) {
        const spec = m[1] ?? '';
        if (spec.startsWith('./') || spec.startsWith('../')) add(resolveJs(posix.join(posix.dirname(path), spec), index));
      }
    }
  }
  return out;
}

/** Node and bundler resolution, in the common cases: exact, extension swapped or added, index file. */
function resolveJs(target: string, index: FileIndex): string | undefined {
  const p = posix.normalize(target);
  if (p.startsWith('../')) return undefined;
  if (index.all.has(p)) return p;
  // TypeScript sources are imported as './x.js'.
  const stem = p.replace(/\.(m|c)?jsx?$/, '');
  for (const ext of JS_EXTENSIONS) if (index.all.has(stem + ext)) return stem + ext;
  for (const ext of JS_EXTENSIONS) if (index.all.has(`${p}/index${ext}`)) return `${p}/index${ext}`;
  return undefined;
}

function pythonImports(path: string, content: string, index: FileIndex): string[] {
  const out: string[] = [];
  const dir = posix.dirname(path);
  for (const m of content.matchAll(PY_FROM)) {
    const dots = (m[1] ?? '').length;
    const mod = m[2] ?? '';
    if (dots > 0) {
      let base = dir;
      for (let i = 1; i < dots; i++) base = posix.dirname(base);
      const modPath = mod ? posix.join(base, mod.replace(/\./g, '/')) : base;
      const names = mod ? [] : (m[3] ?? '').split(',').map((s) => s.trim()).filter((s) => /^\w+$/.test(s));
      out.push(...[pyModule(modPath, index), ...names.map((n) => pyModule(posix.join(modPath, n), index))].filter(isString));
    } else if (mod) {
      // `from pkg import mod` names either attributes of pkg or its submodules.
      const names = (m[3] ?? '').split(',').map((s) => s.trim()).filter((s) => /^\w+$/.test(s));
      out.push(...[pyAbsolute(mod, index), ...names.map((n) => pyAbsolute(`${mod}.${n}`, index))].filter(isString));
    }
  }
  for (const m of content.matchAll(PY_IMPORT)) {
    for (const mod of (m[1] ?? '').split(',').map((s) => s.trim())) {
      const found = pyAbsolute(mod, index);
      if (found) out.push(found);
    }
  }
  return out;
}

function pyModule(modPath: string, index: FileIndex): string | undefined {
  const clean = posix.normalize(modPath).replace(/^\.\//, '');
  for (const candidate of [`${clean}.py`, `${clean}/__init__.py`]) if (index.all.has(candidate)) return candidate;
  return undefined;
}

/** `pkg.mod` is pkg/mod.py at the top or under a source folder (src/pkg/mod.py); the shortest such path wins. */
function pyAbsolute(mod: string, index: FileIndex): string | undefined {
  const rel = mod.replace(/\./g, '/');
  const hits: string[] = [];
  for (const tail of [`${rel}.py`, `${rel}/__init__.py`]) {
    for (const f of index.all) if (f === tail || f.endsWith('/' + tail)) hits.push(f);
  }
  return hits.sort((a, b) => a.length - b.length)[0];
}

function isString(x: string | undefined): x is string {
  return typeof x === 'string';
}
