#!/bin/bash
# Runs inside the test container (see test-systemd.sh) as a oneshot unit; writes
# RESULTS/summary with one line per check and RESULT PASS or RESULT FAIL.
out=${1:-/results}
summary=$out/summary
failed=0
check() { # NAME CONDITION-EXIT-STATUS
    if [ "$2" -eq 0 ]; then echo "ok   $1" >>"$summary"; else echo "FAIL $1" >>"$summary"; failed=1; fi
}
wait_for() { # SECONDS COMMAND...
    local deadline=$((SECONDS + $1)); shift
    until "$@"; do [ $SECONDS -ge $deadline ] && return 1; sleep 0.2; done
}
: >"$summary"

# 1. start returns only after READY=1: the status line READY carries is there at once.
systemctl stop catalogd
systemctl start catalogd
status=$(systemctl show -p StatusText --value catalogd)
case "$status" in watching*) rc=0 ;; *) rc=1 ;; esac
check "systemctl start returns after READY=1 (StatusText: $status)" $rc
check "the unit is active" "$(systemctl is-active --quiet catalogd; echo $?)"

# 2. stop loses no accepted work: a file dropped just before stop is imported after start.
cat >/var/lib/catalogd/inbox/export.csv <<'CSV'
sku;name-en_US;description-en_US;color
ABC-123;Trail shoe;A light trail shoe.;blue
XYZ-9;Rain jacket;A jacket for rainy days.;red
CSV
chgrp catalogd-drop /var/lib/catalogd/inbox/export.csv
systemctl stop catalogd
systemctl start catalogd
wait_for 30 sh -c '[ "$(runuser -u catalogd -- catalogctl status --config /etc/catalogd/catalogd.toml --json | grep -o "\"products\" *: *[0-9]*" | grep -o "[0-9]*$")" = 2 ]'
check "stop/start loses no accepted work: both products of a file dropped just before stop are there" $?
runuser -u catalogd -- catalogctl status --config /etc/catalogd/catalogd.toml --json >"$out/status.json" 2>&1

# 3. journalctl finds entries by SKU with structured fields.
wait_for 30 sh -c 'journalctl -u catalogd SKU=ABC-123 -o json | grep -q "\"STAGE\""'
check "journalctl -u catalogd SKU=ABC-123 -o json has structured entries" $?
journalctl -u catalogd SKU=ABC-123 -o json >"$out/journal-sku.json" 2>&1
journalctl -u catalogd MESSAGE_ID=3c41495c00aa4d8398fbfa6175813a15 -o cat | grep -q "import applied"
check "MESSAGE_ID of a finished import" $?

# 4. reload applies a config change: a second watched folder.
install -d -o catalogd -g catalogd-drop -m 2770 /var/lib/catalogd/supplier
cat >>/etc/catalogd/catalogd.toml <<'TOML'

[[watch]]
path = "/var/lib/catalogd/supplier"
source = "supplier"
mode = "delta"
TOML
# The sample's first [[watch]] keeps the inbox; the new one is added.
pid=$(systemctl show -p MainPID --value catalogd)
restarts=$(systemctl show -p NRestarts --value catalogd)
systemctl reload catalogd
check "systemctl reload returns after READY=1 (StatusText: $(systemctl show -p StatusText --value catalogd))" "$(systemctl show -p StatusText --value catalogd | grep -q '^watching 2 folders'; echo $?)"
wait_for 30 sh -c 'journalctl -u catalogd -o cat | grep -q "configuration reloaded"'
check "systemctl reload applies a changed configuration" $?
check "the reload kept the process (PID $pid, restarts $restarts)" "$([ "$(systemctl show -p MainPID --value catalogd)" = "$pid" ] && [ "$(systemctl show -p NRestarts --value catalogd)" = "$restarts" ]; echo $?)"
printf 'sku;name-en_US\nNEW-1;Supplier item\n' >/var/lib/catalogd/supplier/delta.csv
wait_for 30 sh -c '[ "$(runuser -u catalogd -- catalogctl status --config /etc/catalogd/catalogd.toml --json | grep -o "\"products\" *: *[0-9]*" | grep -o "[0-9]*$")" = 3 ]'
check "the reloaded configuration's new folder imports its file" $?

# 5. the watchdog restarts a hung daemon (SIGSTOP: no more pings).
before=$(systemctl show -p NRestarts --value catalogd)
kill -STOP "$(systemctl show -p MainPID --value catalogd)"
wait_for 40 test "$(systemctl show -p NRestarts --value catalogd)" -gt "$before"
check "the watchdog restarts a hung daemon (restarts $before -> $(systemctl show -p NRestarts --value catalogd))" $?
wait_for 30 systemctl is-active --quiet catalogd
check "active again after the watchdog restart" $?

journalctl -b -u catalogd -o short-precise >"$out/journal.txt" 2>&1
if [ $failed -eq 0 ]; then echo "RESULT PASS" >>"$summary"; else echo "RESULT FAIL" >>"$summary"; fi
