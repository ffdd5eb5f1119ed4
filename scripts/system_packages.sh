#!/usr/bin/env bash
# Install the Debian packages that are missing, each given as package=command (a command
# name or an absolute path). As root with apt-get, installs them; otherwise says which are
# missing and how to install them, and carries on (the tests needing them skip with that
# reason). Used by `make install`, `make test`, `make bench` and .ci/run.
set -euo pipefail
missing=()
for pair in "$@"; do
  package="${pair%%=*}" command="${pair#*=}"
  if [[ "$command" == /* ]]; then [ -x "$command" ] && continue
  else command -v "$command" >/dev/null && continue; fi
  missing+=("$package")
done
[ "${#missing[@]}" -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "Installing the system packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "Missing system packages: ${missing[*]} (install: sudo apt-get install -y ${missing[*]})" >&2
fi
