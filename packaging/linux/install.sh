#!/bin/sh
# Install Sonodesk from an unpacked release archive, for you alone (default) or under a prefix;
# `--uninstall` removes it again. Your settings, takes and logs are never touched.
#
#   sh install.sh                      app in ~/.local/lib/sonodesk, menu entry and icons in
#                                      ~/.local/share, the command in ~/.local/bin
#   sudo sh install.sh --prefix /usr/local
#   sh install.sh --uninstall          (with the same --prefix, if one was given)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
prefix="$HOME/.local"
action=install
while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) [ $# -ge 2 ] || { echo "install.sh: --prefix needs a folder" >&2; exit 2; }
                  prefix=$2; shift 2 ;;
        --prefix=*) prefix=${1#--prefix=}; shift ;;
        --uninstall) action=uninstall; shift ;;
        -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "install.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
    esac
done
case "$prefix" in
    /*) ;;
    *) prefix="$(pwd)/$prefix" ;;
esac
case "$prefix" in
    # The desktop entry's Exec line has its own quoting rules; keep the path plain.
    *'"'*|*'`'*|*'$'*|*'\'*) echo "install.sh: the prefix may not contain \" \` \$ or \\" >&2; exit 2 ;;
esac

if [ "$prefix" = "$HOME/.local" ]; then
    share="${XDG_DATA_HOME:-$HOME/.local/share}"
else
    share="$prefix/share"
fi
appdir="$prefix/lib/sonodesk"
bindir="$prefix/bin"
desktop="$share/applications/sonodesk.desktop"
metainfo="$share/metainfo/io.sonodesk.Sonodesk.metainfo.xml"
icon_sizes="16 32 48 64 128 256 512"

refresh_caches() {
    # An icon theme with a cache ignores new icons until the cache is rebuilt. (The menu needs
    # no cache update: the entry declares no file types.)
    if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$share/icons/hicolor/index.theme" ]; then
        gtk-update-icon-cache -q -t "$share/icons/hicolor" 2>/dev/null || true
    fi
}

if [ "$action" = uninstall ]; then
    if [ -L "$bindir/sonodesk" ] && [ "$(readlink "$bindir/sonodesk")" = "$appdir/sonodesk" ]; then
        rm -f "$bindir/sonodesk"
    fi
    rm -rf "$appdir"
    rm -f "$desktop" "$metainfo" "$share/icons/hicolor/scalable/apps/sonodesk.svg"
    for size in $icon_sizes; do
        rm -f "$share/icons/hicolor/${size}x${size}/apps/sonodesk.png"
    done
    refresh_caches
    echo "Sonodesk is removed from $prefix."
    echo "Your settings, takes and logs stay where they were (see the README's \"Where your data lives\")."
    exit 0
fi

[ -x "$here/sonodesk/sonodesk" ] || { echo "install.sh: no sonodesk/sonodesk next to this script" >&2; exit 1; }
mkdir -p "$prefix/lib" "$bindir" "$share/applications" "$share/metainfo"
# Copy beside the old version first, then swap: an interrupted copy never leaves half an app.
rm -rf "$appdir.new"
cp -R "$here/sonodesk" "$appdir.new"
rm -rf "$appdir"
mv "$appdir.new" "$appdir"
ln -sf "$appdir/sonodesk" "$bindir/sonodesk"

# An absolute Exec path: the menu entry works even when $bindir is not on the PATH.
sed "s|^Exec=sonodesk\$|Exec=\"$appdir/sonodesk\"|" \
    "$here/share/applications/sonodesk.desktop" > "$desktop"
cp "$here/share/metainfo/io.sonodesk.Sonodesk.metainfo.xml" "$metainfo"
for size in $icon_sizes; do
    mkdir -p "$share/icons/hicolor/${size}x${size}/apps"
    cp "$here/share/icons/hicolor/${size}x${size}/apps/sonodesk.png" \
        "$share/icons/hicolor/${size}x${size}/apps/sonodesk.png"
done
mkdir -p "$share/icons/hicolor/scalable/apps"
cp "$here/share/icons/hicolor/scalable/apps/sonodesk.svg" "$share/icons/hicolor/scalable/apps/sonodesk.svg"
refresh_caches

echo "Sonodesk $("$appdir/sonodesk" --version | sed 's/^sonodesk //') is installed in $appdir."
echo "Start it from your applications menu, or run: $bindir/sonodesk"
case ":$PATH:" in
    *":$bindir:"*) ;;
    *) echo "($bindir is not on your PATH; add it to run plain 'sonodesk' in a terminal.)" ;;
esac
