#!/usr/bin/env bash
# Sets up a fresh Debian machine for the tests: system packages, npm dependencies (which also builds
# dist/ for the CLI) and the systemd-analyze oracle roots (systemd 257 and 262) used by the
# differential tests. Idempotent; run as root.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive

need=()
command -v systemd-analyze >/dev/null 2>&1 || need+=(systemd)
command -v debootstrap >/dev/null 2>&1 || need+=(debootstrap)
command -v python3 >/dev/null 2>&1 || need+=(python3)
# the SSH deploy tests: sshd goes into the sandboxes from Debian's packages; this side needs the client
command -v ssh >/dev/null 2>&1 || need+=(openssh-client)
command -v ip >/dev/null 2>&1 || need+=(iproute2)
command -v flock >/dev/null 2>&1 || need+=(util-linux)
# test/cli/elf-needed.test.ts compares with binutils' readelf
command -v readelf >/dev/null 2>&1 || need+=(binutils)
# the sandbox roots below build side by side: install nspawn here, or their three apt-get runs race for dpkg's lock
command -v systemd-nspawn >/dev/null 2>&1 || need+=(systemd-container)
# the HTML report test drives Debian's Chromium headless through playwright-core (which cannot
# download a browser of its own here); its recommended fonts-liberation renders the screenshot's text
command -v chromium >/dev/null 2>&1 || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -q >/dev/null
  apt-get install -y -q "${need[@]}" >/dev/null
fi

npm ci --no-audit --no-fund
npm run build   # dist/ for the cdktf-systemd command (bin/)

ORACLE=${SYSTEMD_ORACLE_SCRIPT:-../shared/tools/systemd-oracle.sh}
if [ "${1:-}" != "--no-oracles" ]; then
  if [ -x "$ORACLE" ] || [ -f "$ORACLE" ]; then
    bash "$ORACLE" prepare trixie sid
    bash "$ORACLE" versions
  else
    echo "setup: $ORACLE not found; differential tests will use the host's systemd-analyze only" >&2
  fi
fi

SANDBOX=${SYSTEMD_SANDBOX_SCRIPT:-../shared/tools/systemd-sandbox.sh}
if [ "${1:-}" != "--no-oracles" ] && [ -f "$SANDBOX" ]; then
  # debootstrap waits mostly on the network: the three roots build side by side (the tool locks per suite)
  pids=()
  for suite in bookworm trixie sid; do bash "$SANDBOX" build "$suite" & pids+=($!); done
  for p in "${pids[@]}"; do wait "$p"; done
fi
