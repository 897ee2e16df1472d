#!/usr/bin/env bash
# collect-debian-units.sh — downloads the Debian packages listed in scripts/debian-service-packages.txt
# (apt-get download: the package alone, no dependencies, nothing installed) and unpacks their systemd
# unit files (lib/systemd/system and usr/lib/systemd/system, drop-in folders included) into a folder
# OUTSIDE the repository, one folder per package, for scripts/import-roundtrip.ts:
#
#   scripts/collect-debian-units.sh [OUT]     # OUT default /var/tmp/debian-units
#
# OUT/<package>/<unit files>. Only the list and this script are committed, never the files.
# Idempotent: a package already unpacked is skipped. Needs Debian's package repositories (apt-get
# update is run once when the package lists are missing).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
list="$here/debian-service-packages.txt"
out=${1:-/var/tmp/debian-units}
case "$out" in "$(cd "$here/.." && pwd)"/*) echo "collect-debian-units: $out is inside the repository; choose a folder outside it" >&2; exit 2;; esac
mkdir -p "$out/.debs"

if ! apt-cache show cron >/dev/null 2>&1; then apt-get update -qq; fi

got=0; skipped=0
while read -r pkg; do
  case "$pkg" in ''|'#'*) continue;; esac
  dest="$out/$pkg"
  if [ -d "$dest" ]; then got=$((got + 1)); continue; fi
  if ! apt-cache show "$pkg" >/dev/null 2>&1; then
    echo "skip $pkg: not in the configured suite" >&2; skipped=$((skipped + 1)); continue
  fi
  ( cd "$out/.debs" && apt-get download -q "$pkg" >/dev/null 2>&1 ) || { echo "skip $pkg: download failed" >&2; skipped=$((skipped + 1)); continue; }
  deb=$(ls -t "$out/.debs/${pkg}_"*.deb 2>/dev/null | head -1)
  [ -n "$deb" ] || { echo "skip $pkg: no .deb" >&2; skipped=$((skipped + 1)); continue; }
  tmp=$(mktemp -d)
  dpkg-deb -x "$deb" "$tmp"
  mkdir -p "$dest.partial"
  for dir in "$tmp/lib/systemd/system" "$tmp/usr/lib/systemd/system"; do
    [ -d "$dir" ] && cp -a "$dir/." "$dest.partial/"
  done
  rm -rf "$tmp"
  mv "$dest.partial" "$dest"
  got=$((got + 1))
done < "$list"
units=$(find "$out" -path "$out/.debs" -prune -o \( -name '*.service' -o -name '*.socket' -o -name '*.timer' \) -print | wc -l)
echo "collect-debian-units: $got packages in $out ($skipped skipped), $units service/socket/timer files"
