#!/bin/sh
# Build the Linux desktop app (`make package`): PyInstaller's one-folder app in dist/sonodesk/,
# then dist/sonodesk-<version>-linux-<arch>.tar.gz with install.sh, the desktop entry, the
# AppStream metainfo and the icons. Needs the venv with the `package` extra and binutils.
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
python=${PYTHON:-$root/.venv/bin/python}
linux="$root/packaging/linux"
dist="$root/dist"
version=$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' "$root/app/sonodesk/__init__.py")
[ -n "$version" ] || { echo "build.sh: no __version__ in app/sonodesk/__init__.py" >&2; exit 1; }
name="sonodesk-$version-linux-$(uname -m)"
started=$(date +%s)

"$python" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$dist" --workpath "$root/build/pyinstaller" "$root/packaging/sonodesk.spec"

# The interpreter's own files may carry debug info (a pyenv build does: about 25 MB). Only
# those: stripping libraries from wheels breaks them (auditwheel-patched ELF headers).
internal="$dist/sonodesk/_internal"
if command -v strip >/dev/null 2>&1; then
    for file in "$internal"/libpython3*.so* "$internal"/python3*/lib-dynload/*.so; do
        if [ -f "$file" ]; then strip --strip-debug "$file"; fi
    done
fi

stage="$root/build/archive/$name"
rm -rf "$root/build/archive"
mkdir -p "$stage/share/applications" "$stage/share/metainfo" "$stage/share/icons/hicolor/scalable/apps"
cp -R "$dist/sonodesk" "$stage/sonodesk"
cp "$linux/install.sh" "$stage/install.sh"
chmod 755 "$stage/install.sh"
cp "$linux/README.txt" "$stage/README.txt"
cp "$linux/sonodesk.desktop" "$stage/share/applications/sonodesk.desktop"
cp "$linux/io.sonodesk.Sonodesk.metainfo.xml" "$stage/share/metainfo/"
cp "$root/resources/icons/sonodesk.svg" "$stage/share/icons/hicolor/scalable/apps/sonodesk.svg"
for png in "$linux"/icons/sonodesk-*.png; do
    size=$(basename "$png" .png | sed 's/^sonodesk-//')
    mkdir -p "$stage/share/icons/hicolor/${size}x${size}/apps"
    cp "$png" "$stage/share/icons/hicolor/${size}x${size}/apps/sonodesk.png"
done
# Owned by root in the archive, whoever built it: an unpacked copy belongs to whoever unpacks.
tar -C "$root/build/archive" --owner=0 --group=0 --numeric-owner -czf "$dist/$name.tar.gz" "$name"

echo "build.sh: $(du -sh "$dist/sonodesk" | cut -f1) in dist/sonodesk/," \
    "$(du -h "$dist/$name.tar.gz" | cut -f1) in dist/$name.tar.gz," \
    "built in $(($(date +%s) - started)) s"
