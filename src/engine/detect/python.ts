// Python projects: pytest when the project says so (its configuration, a conftest.py, a
// dependency, a test importing it), unittest when the tests only use the standard library.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { invocationOf, type RunnerPlan } from '../verify/runners';

const PROJECT_FILES = ['pyproject.toml', 'setup.py', 'setup.cfg', 'tox.ini', 'pytest.ini', 'requirements.txt', 'requirements-dev.txt', 'Pipfile'];
// [file, text that marks pytest configuration in it ('' = the file itself)]
const PYTEST_CONFIG: Array<[string, string]> = [
  ['pytest.ini', ''],
  ['pyproject.toml', '[tool.pytest'],
  ['setup.cfg', '[tool:pytest]'],
  ['tox.ini', '[pytest]'],
  ['conftest.py', ''],
  ['tests/conftest.py', ''],
  ['test/conftest.py', ''],
];
const DEPENDENCY_FILES = ['requirements.txt', 'requirements-dev.txt', 'requirements-test.txt', 'dev-requirements.txt', 'pyproject.toml', 'setup.py', 'setup.cfg', 'Pipfile', 'tox.ini'];
const TEST_FILE = /^(?:test_.*|.*_test)\.py$/;
const MAX_FILES_READ = 50;

export function detectPython(workspace: string): RunnerPlan | null {
  const at = (f: string) => join(workspace, f);
  const tests = testFiles(workspace);
  if (tests.length === 0 && !PROJECT_FILES.some((f) => existsSync(at(f)))) return null;
  const python = pythonOf(workspace);
  const marker = pytestMarker(workspace, tests);
  if (marker || tests.length === 0) {
    return plan(`${python} -m pytest -q`, marker ? `pytest: ${marker}` : 'Python project files found, pytest assumed');
  }
  // Default discovery finds tests in packages only; a plain tests/ folder needs its own start.
  const inPlainFolder = tests.some((t) => t.includes('/')) && !tests.some((t) => !t.includes('/')) && !existsSync(at(`${tests[0]!.split('/')[0]}/__init__.py`));
  const command = inPlainFolder ? `${python} -m unittest discover -s ${tests[0]!.split('/')[0]}` : `${python} -m unittest`;
  return plan(command, 'Python tests that import only unittest (no pytest configuration or dependency)');
}

function plan(command: string, reason: string): RunnerPlan {
  const found = invocationOf(command, false);
  return { runner: found?.runner ?? null, command, reason, invocation: found?.invocation ?? null };
}

/** A virtualenv in the project is what its tests expect to run in. */
function pythonOf(workspace: string): string {
  for (const venv of ['.venv', 'venv']) if (existsSync(join(workspace, venv, 'bin', 'python'))) return `${venv}/bin/python`;
  return 'python3';
}

/** Test files at the top and in tests/ or test/ (workspace-relative). */
function testFiles(workspace: string): string[] {
  const out: string[] = [];
  for (const dir of ['', 'tests', 'test']) {
    let names: string[];
    try {
      names = readdirSync(join(workspace, dir));
    } catch {
      continue;
    }
    for (const n of names) if (TEST_FILE.test(n)) out.push(dir ? `${dir}/${n}` : n);
  }
  return out;
}

function pytestMarker(workspace: string, tests: string[]): string | undefined {
  const read = (f: string) => {
    try {
      return readFileSync(join(workspace, f), 'utf8');
    } catch {
      return undefined;
    }
  };
  for (const [file, mark] of PYTEST_CONFIG) {
    const text = read(file);
    if (text !== undefined && (mark === '' || text.includes(mark))) return `${file}${mark ? ` has ${mark}` : ' found'}`;
  }
  for (const file of DEPENDENCY_FILES) {
    if (/\bpytest\b/.test(read(file) ?? '')) return `${file} names pytest`;
  }
  for (const file of tests.slice(0, MAX_FILES_READ)) {
    if (/^\s*(?:import|from)\s+pytest\b/m.test(read(file) ?? '')) return `${file} imports pytest`;
  }
  return undefined;
}
