#!/usr/bin/env bash
# Runs a command inside one D-Bus session with an unlocked gnome-keyring, so keytar talks to a
# real Secret Service. The whole command lives inside the session: a keyring unlocked in a
# session that ends is locked for the next.
set -euo pipefail
if [ -z "${TAXIWAY_KEYRING_READY:-}" ]; then
  exec dbus-run-session -- env TAXIWAY_KEYRING_READY=1 "$0" "$@"
fi
# A throwaway keyring under a private HOME-like folder: never touches the user's own keyring.
export XDG_DATA_HOME="${XDG_DATA_HOME:-$(mktemp -d /tmp/taxiway-keyring.XXXXXX)}"
printf 'taxiway-test-keyring' | gnome-keyring-daemon --unlock --components=secrets >/dev/null
exec "$@"
