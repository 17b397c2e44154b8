#!/usr/bin/env bash
# Sets up a SoftHSM2 token for the benchmarks' SunPKCS11 rows and prints the path of the
# SunPKCS11 configuration file on stdout (everything else goes to stderr).
#
#   conf=$(scripts/softhsm.sh)          # installs softhsm2 when absent, creates the token once
#   export SOFTHSM2_CONF="$(dirname "$conf")/softhsm2.conf"
#
# The token lives in a private directory ($SELENE_SOFTHSM_DIR, default /tmp/selene-softhsm-$UID,
# mode 0700) with its own softhsm2.conf, so it never touches a system-wide token store.
# Token label "selene-bench", user PIN 1234 (SO PIN 12345678): a throwaway benchmark token.
# Idempotent: a second run reuses the token and returns at once.
set -euo pipefail

DIR="${SELENE_SOFTHSM_DIR:-/tmp/selene-softhsm-$(id -u)}"
LABEL="selene-bench"
PIN="1234"
SO_PIN="12345678"

log() { echo "softhsm.sh: $*" >&2; }

if ! command -v softhsm2-util >/dev/null 2>&1; then
  log "installing softhsm2 with apt-get"
  if [ "$(id -u)" -ne 0 ]; then
    log "softhsm2 is not installed and this is not root: run 'apt-get install softhsm2' first"
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq softhsm2 >&2
fi

LIB=""
for pkg in libsofthsm2 softhsm2; do
  LIB=$(dpkg -L "$pkg" 2>/dev/null | grep '/libsofthsm2\.so$' | head -n 1 || true)
  [ -n "$LIB" ] && break
done
if [ -z "$LIB" ] || [ ! -f "$LIB" ]; then
  log "cannot find libsofthsm2.so in the softhsm2 packages (dpkg -L)"
  exit 1
fi

mkdir -p "$DIR/tokens"
chmod 700 "$DIR"
export SOFTHSM2_CONF="$DIR/softhsm2.conf"
if [ ! -f "$SOFTHSM2_CONF" ]; then
  cat >"$SOFTHSM2_CONF" <<CONF
directories.tokendir = $DIR/tokens
objectstore.backend = file
log.level = ERROR
slots.removable = false
CONF
fi

# The slot id of the labelled token, empty when there is none yet.
slot_of_label() {
  softhsm2-util --show-slots 2>/dev/null | awk -v label="$LABEL" '
    /^Slot [0-9]+/ { slot = $2 }
    /^[[:space:]]*Label:/ { sub(/^[[:space:]]*Label:[[:space:]]*/, ""); sub(/[[:space:]]+$/, "");
                           if ($0 == label) { print slot; exit } }'
}

SLOT=$(slot_of_label)
if [ -z "$SLOT" ]; then
  log "creating token '$LABEL' in $DIR"
  softhsm2-util --init-token --free --label "$LABEL" --so-pin "$SO_PIN" --pin "$PIN" >&2
  SLOT=$(slot_of_label)
  if [ -z "$SLOT" ]; then
    log "token '$LABEL' was not found after creating it"
    exit 1
  fi
fi

CFG="$DIR/sunpkcs11.cfg"
cat >"$CFG.tmp" <<CFGEOF
name = SoftHSM
library = $LIB
slot = $SLOT
attributes(generate, CKO_PRIVATE_KEY, *) = {
  CKA_SENSITIVE = true
  CKA_EXTRACTABLE = false
}
CFGEOF
mv "$CFG.tmp" "$CFG"
echo "$PIN" >"$DIR/pin"
log "token '$LABEL' in slot $SLOT (library $LIB, SOFTHSM2_CONF=$SOFTHSM2_CONF)"
echo "$CFG"
