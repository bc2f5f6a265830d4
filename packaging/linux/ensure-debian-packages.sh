#!/usr/bin/env sh
# Make sure the Debian packages named on the command line are installed.
# As root it installs what is missing with apt-get; otherwise it prints the exact command and
# carries on (the app still starts: playback reports PortAudio as missing).
set -u
missing=""
for pkg in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $pkg"
    fi
done
[ -z "$missing" ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
    echo "sonodesk: not a Debian/Ubuntu system; please install the equivalent of:$missing" >&2
    exit 0
fi
if [ "$(id -u)" = "0" ]; then
    echo "sonodesk: installing Debian packages:$missing"
    export DEBIAN_FRONTEND=noninteractive
    # shellcheck disable=SC2086
    apt-get install -y -q --no-install-recommends $missing >/dev/null 2>&1 || {
        apt-get update -q >/dev/null 2>&1
        apt-get install -y -q --no-install-recommends $missing >/dev/null || {
            echo "sonodesk: apt-get could not install:$missing" >&2
            exit 1
        }
    }
else
    echo "sonodesk: missing Debian packages:$missing"
    echo "    run: sudo apt-get install -y$missing"
fi
exit 0
