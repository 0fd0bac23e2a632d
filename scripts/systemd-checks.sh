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
# The configuration as make install left it, before the checks below append to it.
cp /etc/catalogd/catalogd.toml /root/installed.toml

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

# Issue 26 ---------------------------------------------------------------------------------
products() { # UNIT-CATALOGCTL-ARGS...
    runuser -u catalogd -- catalogctl "$@" status --json 2>/dev/null | grep -o '"products" *: *[0-9]*' | grep -o '[0-9]*$'
}

# 6. A rejected reload makes `systemctl reload` fail, with the reason, and changes nothing.
cp /etc/catalogd/catalogd.toml /root/good.toml
sed -i 's/^target = "manual"/target = "nowhere"/' /etc/catalogd/catalogd.toml
pid=$(systemctl show -p MainPID --value catalogd)
systemctl reload catalogd 2>"$out/reload-rejected.txt"
check "a rejected reload makes systemctl reload fail" "$([ $? -ne 0 ]; echo $?)"
check "its reason is in the journal" "$(journalctl -u catalogd -o cat | grep -q 'reload rejected.*nowhere'; echo $?)"
check "and the daemon runs on (PID $pid)" "$(systemctl is-active --quiet catalogd && [ "$(systemctl show -p MainPID --value catalogd)" = "$pid" ]; echo $?)"
cp /root/good.toml /etc/catalogd/catalogd.toml

# 7. A watched folder outside the state directory: --check-config names the drop-in, a reload
#    naming it is refused with the folder's name, and with ReadWritePaths= it works.
install -d -o root -g catalogd-drop -m 2770 /srv/pim-exports
printf '\n[[watch]]\npath = "/srv/pim-exports"\nsource = "pim"\nmode = "delta"\n' >>/etc/catalogd/catalogd.toml
catalogd --config /etc/catalogd/catalogd.toml --check-config >"$out/check-outside.txt" 2>&1
check "--check-config names ReadWritePaths for a folder outside the state directory" "$(grep -q 'ReadWritePaths=/srv/pim-exports' "$out/check-outside.txt"; echo $?)"
systemctl reload catalogd 2>"$out/reload-outside.txt"
rc=$?
check "a reload naming /srv/pim-exports without ReadWritePaths= fails" "$([ $rc -ne 0 ]; echo $?)"
check "naming the folder and the drop-in" "$(journalctl -u catalogd -o cat | grep -q 'watched folder /srv/pim-exports.*ReadWritePaths'; echo $?)"
check "and the daemon runs on" "$(systemctl is-active --quiet catalogd; echo $?)"
printf '[Service]\nReadWritePaths=/srv/pim-exports\n' >/etc/systemd/system/catalogd.service.d/pim.conf
systemctl daemon-reload
systemctl restart catalogd
check "with ReadWritePaths= it starts" "$(systemctl is-active --quiet catalogd; echo $?)"
printf 'sku;name-en_US\nPIM-1;From the PIM\n' >/srv/pim-exports/delta.csv
wait_for 30 sh -c '[ "$(runuser -u catalogd -- catalogctl status --config /etc/catalogd/catalogd.toml --json | grep -o "\"products\" *: *[0-9]*" | grep -o "[0-9]*$")" = 4 ]'
check "and imports what lands there" $?
wait_for 10 test -e /srv/pim-exports/processed -o ! -e /srv/pim-exports/delta.csv
check "moving the file out of the folder" $?

# 8. Two tenants from plain copies of the installed configuration: own state, inbox, port.
cp /root/installed.toml /etc/catalogd/shop-eu.toml
cp /root/installed.toml /etc/catalogd/shop-us.toml
install -d -m 0700 /etc/catalogd/credentials.d/shop-eu
echo eu-secret >/etc/catalogd/credentials.d/shop-eu/eu-token
echo single-secret >/etc/catalogd/credentials/single-token
systemctl restart catalogd
systemctl start catalogd@shop-eu catalogd@shop-us
check "two tenants from unedited copies are active" "$(systemctl is-active --quiet catalogd@shop-eu && systemctl is-active --quiet catalogd@shop-us; echo $?)"
check "each has its own state directory" "$(test -f /var/lib/catalogd/shop-eu/catalog.sqlite && test -f /var/lib/catalogd/shop-us/catalog.sqlite; echo $?)"
check "a tenant's inbox is 2770, group catalogd-drop ($(stat -c '%a %G' /var/lib/catalogd/shop-eu/inbox))" "$([ "$(stat -c '%a %G' /var/lib/catalogd/shop-eu/inbox)" = "2770 catalogd-drop" ]; echo $?)"
eu_port=$(catalogd --config /etc/catalogd/shop-eu.toml --check-config | sed -n 's/.*admin: 127.0.0.1:\([0-9]*\).*/\1/p')
us_port=$(catalogd --config /etc/catalogd/shop-us.toml --check-config | sed -n 's/.*admin: 127.0.0.1:\([0-9]*\).*/\1/p')
check "tenants serve /metrics on their own ports ($eu_port, $us_port)" "$([ -n "$eu_port" ] && [ "$eu_port" != "$us_port" ] && [ "$eu_port" != 9464 ] && (exec 3<>/dev/tcp/127.0.0.1/$eu_port) && (exec 3<>/dev/tcp/127.0.0.1/$us_port); echo $?)"
check "logs carry each tenant's name" "$(journalctl -u catalogd@shop-eu -o json | grep -q '"TENANT":"shop-eu"'; echo $?)"
printf 'sku;name-en_US\nEU-1;Euro item\n' >/var/lib/catalogd/shop-eu/inbox/eu.csv
chgrp catalogd-drop /var/lib/catalogd/shop-eu/inbox/eu.csv
wait_for 30 sh -c '[ "$(runuser -u catalogd -- catalogctl --tenant shop-eu status --json | grep -o "\"products\" *: *[0-9]*" | grep -o "[0-9]*$")" = 1 ]'
check "catalogctl --tenant shop-eu finds the tenant's catalog" $?

# 9. Each unit receives only its own secrets; a tenant with none starts.
ls -R /run/credentials >"$out/credentials.txt" 2>&1
check "catalogd.service does not receive shop-eu's secret" "$(! ls /run/credentials/catalogd.service | grep -q eu-token; echo $?)"
check "shop-eu receives its own" "$(ls /run/credentials/catalogd@shop-eu.service | grep -q eu-token; echo $?)"
check "shop-us (no credentials.d/shop-us) started and received neither" "$(systemctl is-active --quiet catalogd@shop-us && ! ls /run/credentials/catalogd@shop-us.service | grep -q -e eu-token -e single-token; echo $?)"

# 10. catalogctl as root: before the first start it creates nothing; after, no root-owned file.
cp /root/installed.toml /etc/catalogd/shop-new.toml
catalogctl --tenant shop-new doctor >"$out/doctor-new.txt" 2>&1
check "sudo catalogctl doctor before the first start refuses and creates nothing" "$([ $? -ne 0 ] && [ ! -e /var/lib/catalogd/shop-new ] && grep -qi 'start it first' "$out/doctor-new.txt"; echo $?)"
catalogctl --tenant shop-eu doctor >"$out/doctor-eu.txt" 2>&1
# (eu.csv was dropped by root: it stays root's in processed/, as any dropped file keeps its owner.)
check "sudo catalogctl doctor on a running tenant leaves no root-owned state file" "$([ -z "$(find /var/lib/catalogd/shop-eu -user root ! -path '*/inbox/*' ! -path '*/processed/*')" ]; echo $?)"
systemctl restart catalogd@shop-eu
check "and the tenant restarts fine" "$(systemctl is-active --quiet catalogd@shop-eu; echo $?)"

# 11. A configuration the daemon cannot run ends failed, not in a restart loop.
cp /root/installed.toml /etc/catalogd/shop-bad.toml
printf '\n[[watch]]\npath = "/srv/nowhere-writable"\n' >>/etc/catalogd/shop-bad.toml
systemctl start catalogd@shop-bad
wait_for 20 systemctl is-failed --quiet catalogd@shop-bad
check "a tenant on a folder it cannot write ends failed (restarts: $(systemctl show -p NRestarts --value catalogd@shop-bad))" "$([ "$(systemctl show -p NRestarts --value catalogd@shop-bad)" = 0 ] && systemctl is-failed --quiet catalogd@shop-bad; echo $?)"
check "with the folder's name in its status" "$(journalctl -u catalogd@shop-bad -o cat | grep -q '/srv/nowhere-writable'; echo $?)"

# 12. libdispatch renices each new worker thread to its QoS: allowed for the default QoS the
#     database and the workers use; only the process's first, user-interactive thread is
#     refused (nice -4 needs CAP_SYS_NICE). At most one such line per process, not 8.
notices=$(journalctl -b -u catalogd -u 'catalogd@*' -o short | grep 'Failed to set thread priority' | grep -o '\[[0-9]*\]')
check "at most one 'Failed to set thread priority' line per process ($(echo "$notices" | grep -c .) lines, $(echo "$notices" | sort -u | grep -c .) processes)" "$([ -z "$(echo "$notices" | sort | uniq -d)" ]; echo $?)"

# 13. The installed units verify, their man page included (no --man=no).
systemd-analyze verify /usr/lib/systemd/system/catalogd.service /usr/lib/systemd/system/catalogd@shop-eu.service >"$out/verify.txt" 2>&1
check "systemd-analyze verify passes for both units, man:catalogd(8) included" $?

journalctl -b -u catalogd -u 'catalogd@*' -o short-precise >"$out/journal.txt" 2>&1
if [ $failed -eq 0 ]; then echo "RESULT PASS" >>"$summary"; else echo "RESULT FAIL" >>"$summary"; fi
