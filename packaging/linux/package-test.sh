#!/bin/sh
# `make package-test`: check a built package the way a user gets it. Validates the desktop entry
# and metainfo, runs the frozen app (--version, --smoke) in an empty home, checks that it plays
# through the PortAudio it bundles even with the system's hidden, then installs the archive
# into a scratch home, runs the installed app and uninstalls it. Never touches your own home.
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
linux="$root/packaging/linux"
dist="$root/dist"
app="$dist/sonodesk/sonodesk"
version=$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' "$root/app/sonodesk/__init__.py")
archive="$dist/sonodesk-$version-linux-$(uname -m).tar.gz"
work=$(mktemp -d "${TMPDIR:-/tmp}/sonodesk-package-test.XXXXXX")
trap 'rm -rf "$work"' EXIT
failures=0

say() { printf 'package-test: %s\n' "$*"; }
fail() { say "FAIL: $*"; failures=$((failures + 1)); }

# A clean environment: a fresh home and XDG folders, no display, no SONODESK_* settings.
isolated() {
    home="$work/home"
    mkdir -p "$home" "$work/tmp" "$work/runtime"
    chmod 700 "$work/runtime"
    env -i PATH=/usr/bin:/bin LANG=C.UTF-8 HOME="$home" TMPDIR="$work/tmp" \
        XDG_CONFIG_HOME="$home/.config" XDG_DATA_HOME="$home/.local/share" \
        XDG_CACHE_HOME="$home/.cache" XDG_STATE_HOME="$home/.local/state" \
        XDG_RUNTIME_DIR="$work/runtime" QT_QPA_PLATFORM=offscreen "$@"
}

[ -x "$app" ] || { say "no $app: run make package first"; exit 1; }
[ -f "$archive" ] || { say "no $archive: run make package first"; exit 1; }

# 1. Metadata, with the validators desktops and software centres use.
if command -v desktop-file-validate >/dev/null 2>&1; then
    desktop-file-validate "$linux/sonodesk.desktop" && say "desktop entry valid" \
        || fail "desktop-file-validate"
else
    say "skipped desktop-file-validate (install desktop-file-utils)"
fi
if command -v appstreamcli >/dev/null 2>&1; then
    appstreamcli validate --no-net "$linux/io.sonodesk.Sonodesk.metainfo.xml" >"$work/as.txt" 2>&1 \
        && say "metainfo valid" || { cat "$work/as.txt"; fail "appstreamcli validate"; }
else
    say "skipped appstreamcli validate (install appstream)"
fi

# 2. The frozen app: its version, then the smoke run (window, one generation, decode, play).
shown=$(isolated "$app" --version)
[ "$shown" = "sonodesk $version" ] && say "--version: $shown" || fail "--version printed '$shown'"

if isolated "$app" --smoke >"$work/smoke.txt" 2>&1; then :; else fail "--smoke exited $?"; fi
cat "$work/smoke.txt"
grep -q '^smoke ok: ' "$work/smoke.txt" || fail "no 'smoke ok' line"
grep -q 'portaudio=unavailable' "$work/smoke.txt" && fail "the frozen app found no PortAudio"
# A smoke run keeps its library and settings in a temporary folder; only the log is the user's.
written=$(find "$work/home" -type f ! -path "$work/home/.local/state/Sonodesk/log/*")
[ -z "$written" ] || { echo "$written"; fail "--smoke wrote settings or data into the home"; }

# 3. The bundled PortAudio, with the system's made unreadable (root only: a private mount).
system_pa=$(ls /usr/lib/*/libportaudio.so.2* /lib/*/libportaudio.so.2* 2>/dev/null | head -n 1 || true)
if [ -z "$system_pa" ]; then
    say "no system PortAudio here: the smoke run above already used the bundled one"
elif [ "$(id -u)" = 0 ] && command -v unshare >/dev/null 2>&1 \
        && unshare -m true 2>/dev/null; then
    real=$(readlink -f "$system_pa")
    # The clean environment runs unshare; only the mount and the app see the new namespace.
    if isolated unshare -m sh -c 'mount --bind /dev/null "$1" && shift && exec "$@"' sh "$real" \
        "$app" --smoke >"$work/hidden.txt" 2>&1; then :; fi
    if grep -q '^smoke ok: .*portaudio=[0-9]' "$work/hidden.txt"; then
        say "with $real hidden: $(sed -n 's/.*\(portaudio=[^ ]*\).*/\1/p' "$work/hidden.txt") (bundled)"
    else
        cat "$work/hidden.txt"
        fail "the frozen app did not play through its bundled PortAudio"
    fi
else
    say "skipped the hidden-system-PortAudio check (needs root and unshare)"
fi

# 4. The archive, installed into a scratch home as a user would, then removed.
mkdir -p "$work/unpacked"
tar -C "$work/unpacked" -xzf "$archive"
unpacked="$work/unpacked/$(basename "$archive" .tar.gz)"
home="$work/install-home"
mkdir -p "$home"
as_user() { env -i PATH="$home/.local/bin:/usr/bin:/bin" LANG=C.UTF-8 HOME="$home" "$@"; }
as_user sh "$unpacked/install.sh" >"$work/install.txt" || fail "install.sh exited $?"
cat "$work/install.txt"
installed=$(as_user sonodesk --version 2>&1 || true)
[ "$installed" = "sonodesk $version" ] && say "installed app: $installed" \
    || fail "the installed sonodesk printed '$installed'"
entry="$home/.local/share/applications/sonodesk.desktop"
exec_path=$(sed -n 's/^Exec="\(.*\)"$/\1/p' "$entry" 2>/dev/null || true)
[ -x "$exec_path" ] || fail "the installed desktop entry runs '$exec_path', which is not there"
if command -v desktop-file-validate >/dev/null 2>&1; then
    desktop-file-validate "$entry" || fail "the installed desktop entry is not valid"
fi
for size in 16 32 48 64 128 256 512; do
    [ -s "$home/.local/share/icons/hicolor/${size}x${size}/apps/sonodesk.png" ] \
        || fail "no ${size}x${size} icon installed"
done
[ -s "$home/.local/share/metainfo/io.sonodesk.Sonodesk.metainfo.xml" ] || fail "no metainfo installed"
as_user sh "$unpacked/install.sh" --uninstall >/dev/null || fail "install.sh --uninstall exited $?"
left=$(find "$home" -type f -o -type l)
[ -z "$left" ] && say "uninstall left nothing behind" || { echo "$left"; fail "uninstall left files"; }

say "bundle $(du -sh "$dist/sonodesk" | cut -f1), archive $(du -h "$archive" | cut -f1)"
if [ "$failures" -gt 0 ]; then
    say "$failures check(s) failed"
    exit 1
fi
say "all checks passed"
