#!/usr/bin/env bash
# make test-systemd: boots a real systemd (Debian 12 in systemd-nspawn) with catalogd installed
# from its Debian package (`make deb`, then `apt install` in the container), and checks it the
# way an operator uses it: start returns after READY=1, reload applies a config change, the
# watchdog restarts a hung daemon, stop loses no accepted work, journalctl finds entries by
# SKU with their structured fields, and issue 26's tenants, folders, secrets and reloads.
#
# Needs root and the Debian packages systemd-container, debootstrap and zstd. The minimal
# rootfs is cached (CACHE, default /var/cache/catalogd-test) so later runs skip debootstrap.
set -euo pipefail
cd "$(dirname "$0")/.."
CACHE=${CACHE:-/var/cache/catalogd-test}
MIRROR=${MIRROR:-$(grep -h '^URIs:' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1 | awk '{print $2}')}
MIRROR=${MIRROR:-http://deb.debian.org/debian}
WORK=$(mktemp -d /var/tmp/catalogd-systemd.XXXXXX)
ROOT=$WORK/root
RESULTS=$WORK/results
trap '[ -n "${KEEP:-}" ] || rm -rf "$WORK"' EXIT
mkdir -p "$CACHE" "$ROOT" "$RESULTS"

# man-db: systemd-analyze verify opens each unit's Documentation=man: page.
PACKAGES=systemd,systemd-sysv,dbus,procps,libsqlite3-0,libxml2,libcurl4,libsystemd0,zlib1g,ca-certificates,man-db
ROOTFS="$CACHE/rootfs-$(echo "$PACKAGES" | sha256sum | cut -c1-12).tar.zst"
if [ ! -f "$ROOTFS" ]; then
    echo "building the Debian 12 rootfs (once) from $MIRROR"
    debootstrap --variant=minbase --include="$PACKAGES" bookworm "$WORK/bootstrap" "$MIRROR" >"$WORK/debootstrap.log"
    tar -C "$WORK/bootstrap" --zstd -cf "$ROOTFS" .
    rm -rf "$WORK/bootstrap"
fi
tar -C "$ROOT" --zstd -xf "$ROOTFS"

# Installed the way an operator installs it: the package, with apt, inside the container
# (its postinst creates the user and the folders; no network: the dependencies are there)
# (/var/tmp: nspawn mounts a fresh /tmp, and apt's _apt user must be able to read the file.)
deb=$(OUT="$WORK" make --no-print-directory deb | tail -1)
install -m644 "$deb" "$ROOT/var/tmp/"
systemd-nspawn -D "$ROOT" --register=no --keep-unit --private-network --quiet \
    env DEBIAN_FRONTEND=noninteractive apt-get install -y "/var/tmp/$(basename "$deb")" >"$WORK/apt.log" 2>&1 || {
    echo "apt install of $(basename "$deb") failed:"
    tail -20 "$WORK/apt.log"
    exit 1
}
# Faster rounds than production: a 5 s watchdog for the hang check.
mkdir -p "$ROOT/etc/systemd/system/catalogd.service.d"
printf '[Service]\nWatchdogSec=5s\nRestartSec=1s\n' >"$ROOT/etc/systemd/system/catalogd.service.d/test.conf"
install -m755 scripts/systemd-checks.sh "$ROOT/usr/local/bin/catalogd-checks"
cat >"$ROOT/etc/systemd/system/catalogd-checks.service" <<'UNIT'
[Unit]
Description=catalogd checks inside the container
After=multi-user.target
[Service]
Type=oneshot
ExecStart=/usr/local/bin/catalogd-checks /results
ExecStopPost=/usr/bin/systemctl poweroff --no-block
StandardOutput=journal+console
UNIT
mkdir -p "$ROOT/etc/systemd/system/multi-user.target.wants"
ln -sf /etc/systemd/system/catalogd-checks.service "$ROOT/etc/systemd/system/multi-user.target.wants/catalogd-checks.service"
ln -sf /usr/lib/systemd/system/catalogd.service "$ROOT/etc/systemd/system/multi-user.target.wants/catalogd.service"

echo "booting systemd in a container"
timeout 300 systemd-nspawn -D "$ROOT" --boot --register=no --keep-unit --private-network \
    --system-call-filter=bpf --console=read-only --bind="$RESULTS:/results" >"$WORK/boot.log" 2>&1 || true
if [ ! -f "$RESULTS/summary" ]; then
    echo "the checks did not finish; the container's console:"
    tail -40 "$WORK/boot.log"
    exit 1
fi
cat "$RESULTS/summary"
[ -z "${KEEP:-}" ] || echo "kept $WORK"
grep -q '^RESULT PASS$' "$RESULTS/summary"
