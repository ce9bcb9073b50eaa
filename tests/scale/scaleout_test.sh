#!/usr/bin/env bash
# README "Scaling out": every GNU parallel recipe there, read from the README
# and run as written, joins up byte for byte with one `check` over the whole
# input, and exits as that `check` does.
#
#   scaleout_test.sh NEEDLESCREEN NS_GENERATE README local
#     the one-machine recipes (--pipe -N, --pipe-part; JSON Lines and CSV)
#     with 2 job slots, on generated input with unreadable records (their
#     messages name the whole file's lines), a short last shard and a shard
#     count that divides evenly; the guards before splitting; and the caveats
#     the README states (a CSV line break inside quotes, blank lines) shown
#     to hold: the outputs do differ there;
#   scaleout_test.sh NEEDLESCREEN NS_GENERATE README hosts
#     the several-machine recipes (JSON Lines --pipe -N, CSV --pipe-part)
#     over ssh to two hosts made on this machine
#     as network namespaces (a veth pair and an sshd each, on 198.18.0.0/15,
#     the range RFC 2544 sets aside for tests), checking that both hosts ran
#     shards. Root only.
#
# In a recipe the test replaces `needlescreen` with the binary under test,
# 100000 records a shard with 700, `--block 32M` with 256k (JSON Lines) or
# 128k (CSV), server1/server2 with the two hosts, and adds `-j 2` to the
# one-machine recipes. Skipped (77) without what it needs, saying what that
# is. Everything it creates is removed on exit, on failure and on
# SIGINT/SIGTERM too (but /run/sshd, sshd's own directory, if it made it).
set -uo pipefail
bin=$(realpath "$1") gen=$(realpath "$2") readme=$(realpath "$3") mode=$4
at=2026-11-24T21:00:00Z  # the README recipes' --at
n=700                    # records a shard in the test
count=3001               # 5 shards, the last one 201 records

command -v parallel >/dev/null || { echo "SKIP: GNU parallel is not installed (apt-get install parallel)"; exit 77; }

tmp=$(mktemp -d)
# What the hosts part made, for cleanup: sshd pids, veth links, namespaces.
sshd_pids=() links=() nets=()
cleanup_hosts() {
  local p l ns
  for p in "${sshd_pids[@]}"; do kill "$p" 2>/dev/null; done
  for p in "${sshd_pids[@]}"; do timeout 5 tail --pid="$p" -f /dev/null 2>/dev/null; done
  for l in "${links[@]}"; do ip link del "$l" 2>/dev/null; done
  for ns in "${nets[@]}"; do ip netns del "$ns" 2>/dev/null; done
}
cleanup() {
  [ -z "$running" ] || kill -TERM -- "-$running" 2>/dev/null
  cleanup_hosts
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
export HOME=$tmp/home  # parallel keeps its state (~/.parallel) there, not in the user's
mkdir -p "$HOME"
fail=0
bad() { echo "FAIL [${SECONDS}s]: $*"; fail=1; }
ok() { echo "ok [${SECONDS}s]: $*"; }

# The text of the ```sh block after `<!-- recipe: NAME -->` in the README.
recipe() {
  awk -v want="<!-- recipe: $1 -->" '
    $0 == want { found = 1; next }
    found && /^```/ { if (inside) exit; inside = 1; next }
    inside { print }' "$readme"
}

# Runs recipe NAME in directory DIR (which holds intake.jsonl / intake.csv)
# after the sed expressions given, its stdout and stderr in DIR/recipe.out;
# sets rs to its exit status. timeout runs it in a process group of its own,
# which cleanup ends on SIGINT/SIGTERM.
running=""
run_recipe() {
  local name=$1 dir=$2; shift 2
  local text
  local block=256k
  [ "${name#csv}" = "$name" ] || block=128k
  text=$(recipe "$name" | sed -e "s|needlescreen check|$bin check|g" -e "s/100000/$n/g" \
    -e "s/--block 32M/--block $block/g" "$@")
  if [ -z "$text" ] || { [ "${name#guard-}" = "$name" ] && ! grep -qF "$bin check" <<< "$text"; }; then
    bad "no recipe '$name' (running needlescreen check) in $readme"
    rs=255
    return
  fi
  (cd "$dir" && exec timeout -k 5 60 bash -c "$text" > "$dir/recipe.out" 2>&1) &
  running=$!
  wait "$running"
  rs=$?
  running=""
  [ "$rs" != 124 ] || bad "recipe $name did not finish in 60 s"
}
one_machine=(-e 's/^parallel --will-cite /parallel --will-cite -j 2 /')

# Input: generated records, some without screened_at (so --at matters), and
# two unreadable ones away from the first shard, whose messages must name
# their lines in the whole file.
gen_jsonl() {  # COUNT
  "$gen" jsonl "$1" 11 |
    sed -e '0~7s/"screened_at": "[^"]*", //' \
        -e '1500s/"needle_phobia": "[a-z]*"/"needle_phobia": "sometimes"/' -e '2300s/^/#broken /'
}
gen_csv() {  # COUNT: line L holds record L-1
  "$gen" csv "$1" 11 |
    awk -F, -v OFS=, 'NR > 1 && NR % 7 == 0 { $2 = "" } NR == 1501 { $4 = "sometimes" } NR == 2301 { $0 = $0 ",extra-cell" } 1'
}

# One check over the whole file: the reference. Prints its exit status.
whole() {  # FORMAT DIR
  "$bin" check --input-format "$1" --format "$1" --jobs 1 --at "$at" "$2/intake.$1" > "$2/whole.$1" 2> /dev/null
  echo $?
}

# The recipe's output is the reference's, byte for byte, and its exit status
# (the joblog's largest) is the reference's: 4, as records are unreadable.
same() {  # LABEL FORMAT DIR RECIPE_STATUS WHOLE_STATUS
  local label=$1 fmt=$2 dir=$3 rs=$4 ws=$5
  if cmp -s "$dir/whole.$fmt" "$dir/screened.$fmt"; then
    ok "$label: output identical to one check ($(wc -l < "$dir/whole.$fmt") lines)"
  else
    bad "$label: output differs from one check over the whole input"
    cmp "$dir/whole.$fmt" "$dir/screened.$fmt" | head -3
    diff "$dir/whole.$fmt" "$dir/screened.$fmt" | head -6 | cut -c1-200
    sed 's/^/  recipe: /' "$dir/recipe.out" | head -20
  fi
  [ "$rs" = "$ws" ] || bad "$label: the recipe's exit status is $rs, one check's $ws"
}

# The messages of the unreadable records name the whole file's lines.
shifted_lines() {  # LABEL FORMAT FILE
  local label=$1 fmt=$2 f=$3
  if [ "$fmt" = jsonl ]; then
    grep -qF '{"record": 1500, "line": 1500, "id": "P-101499", "decision": "error", "error": "line 1500, field patient.needle_phobia: expected one of none, mild, severe"' "$f" &&
      grep -qF '{"record": 2300, "line": 2300, "id": null, "decision": "error", "error": "line 2300: invalid JSON' "$f" ||
      bad "$label: the unreadable records are not reported at lines 1500 and 2300"
  else
    grep -q '^1500,1501,P-101499,error,.*"line 1501, field patient.needle_phobia: expected one of none, mild, severe' "$f" &&
      grep -q '^2300,2301,.*"line 2301: ' "$f" ||
      bad "$label: the unreadable records are not reported as records 1500 and 2300 at lines 1501 and 2301"
  fi
}

jobs_in() { awk 'NR > 1' "$1/jobs.tsv" | wc -l; }

local_part() {
  local d=$tmp/local fmt rs ws
  mkdir -p "$d"
  gen_jsonl "$count" > "$d/intake.jsonl"
  gen_csv "$count" > "$d/intake.csv"
  for fmt in jsonl csv; do
    ws=$(whole "$fmt" "$d")
    [ "$ws" = 4 ] || bad "one check over intake.$fmt exited $ws, expected 4 (two unreadable records)"
    shifted_lines "one check over intake.$fmt" "$fmt" "$d/whole.$fmt"
    run_recipe "$fmt-pipe" "$d" "${one_machine[@]}"
    same "$fmt --pipe -N $n ($count records)" "$fmt" "$d" "$rs" "$ws"
    shifted_lines "$fmt --pipe -N $n" "$fmt" "$d/screened.$fmt"
    [ "$(jobs_in "$d")" = 5 ] || bad "$fmt --pipe: $(jobs_in "$d") jobs, expected 5 (the last one short)"
    run_recipe "$fmt-pipe-part" "$d" "${one_machine[@]}"
    same "$fmt --pipe-part ($(jobs_in "$d") parts)" "$fmt" "$d" "$rs" "$ws"
    [ "$(jobs_in "$d")" -ge 3 ] || bad "$fmt --pipe-part: $(jobs_in "$d") jobs, expected 3 or more"
    run_recipe "guard-$fmt" "$d"
    [ "$rs" = 0 ] || bad "guard-$fmt refused a file it should pass: $(cat "$d/recipe.out")"
  done

  # A record count that is a multiple of the shard size: no empty last shard.
  local e=$tmp/even
  mkdir -p "$e"
  gen_jsonl 2800 > "$e/intake.jsonl"
  ws=$(whole jsonl "$e")
  run_recipe jsonl-pipe "$e" "${one_machine[@]}"
  same "jsonl --pipe -N $n (2800 records)" jsonl "$e" "$rs" "$ws"
  [ "$(jobs_in "$e")" = 4 ] || bad "jsonl --pipe, 2800 records: $(jobs_in "$e") jobs, expected 4"

  caveats
}

# What the README says breaks the identity does break it, and the guards
# catch it.
caveats() {
  local c=$tmp/caveat rs ws
  mkdir -p "$c"
  # A CSV record with a line break in a quoted cell, well inside shard 1
  # (lines 100-101): -N counts it as two records, so later shards number
  # their records one too high.
  "$gen" csv 2000 5 | awk 'NR == 100 { sub(/^P-100098/, "\"P-100\n098\"") } 1' > "$c/intake.csv"
  ws=$(whole csv "$c")
  [ "$ws" = 0 ] || bad "one check over a CSV with a quoted line break exited $ws, expected 0"
  run_recipe csv-pipe "$c" "${one_machine[@]}"
  if cmp -s "$c/whole.csv" "$c/screened.csv"; then
    bad "csv --pipe with a quoted line break: output identical, the README says it is not"
  elif grep -q '^1400,1402,' "$c/whole.csv" && grep -q '^1401,1402,' "$c/screened.csv"; then
    ok "caveat: a quoted line break in CSV shard 1: record 1400 (line 1402) comes out as record 1401"
  else
    bad "csv --pipe with a quoted line break: not the difference the README describes"
    diff "$c/whole.csv" "$c/screened.csv" | head -4 | cut -c1-120
  fi
  run_recipe guard-csv "$c"
  [ "$rs" = 1 ] && grep -q 'intake.csv:100:' "$c/recipe.out" ||
    bad "guard-csv did not stop at line 100 (a quoted line break): exit $rs, $(cat "$c/recipe.out")"

  # The same record across the border of shards 1 and 2 (lines 701-702):
  # cut in two, each half an error, where one check reads one good record.
  "$gen" csv 2000 5 | awk 'NR == 701 { sub(/^P-100699/, "\"P-100\n699\"") } 1' > "$c/intake.csv"
  ws=$(whole csv "$c")
  run_recipe csv-pipe "$c" "${one_machine[@]}"
  local errors
  errors=$(cut -d, -f4 "$c/screened.csv" | grep -c '^error$')
  if [ "$ws" = 0 ] && [ "$rs" = 4 ] && [ "$errors" = 2 ]; then
    ok "caveat: a quoted line break across a shard border: two error halves (exit 4), one check reads it (exit 0)"
  else
    bad "csv --pipe, quoted line break across shards: one check $ws, recipe $rs with $errors errors; expected 0, and 4 with 2"
  fi

  # Without uq(), job 1 gets an empty argument: a file name check cannot open.
  "$gen" csv 2000 5 > "$c/intake.csv"
  ws=$(whole csv "$c")
  run_recipe csv-pipe "$c" "${one_machine[@]}" -e 's/; uq() =}/ =}/'
  if ! cmp -s "$c/whole.csv" "$c/screened.csv" && grep -q 'cannot open' "$c/screened.csv"; then
    ok "caveat: without uq() the first shard also screens a file named '' (cannot open)"
  else
    bad "csv --pipe without uq(): not the difference the README describes"
  fi

  # A blank line in JSON Lines shard 1: one check skips it, -N counts it.
  "$gen" jsonl 2000 5 | sed '300s/.*/&\n/' > "$c/intake.jsonl"
  ws=$(whole jsonl "$c")
  run_recipe jsonl-pipe "$c" "${one_machine[@]}"
  if grep -qF '{"record": 1400, "line": 1401,' "$c/whole.jsonl" &&
     grep -qF '{"record": 1401, "line": 1401,' "$c/screened.jsonl"; then
    ok "caveat: a blank line in JSON Lines shard 1: record 1400 (line 1401) comes out as record 1401"
  else
    bad "jsonl --pipe with a blank line: not the difference the README describes"
  fi
  run_recipe guard-jsonl "$c"
  [ "$rs" = 1 ] && grep -q 'intake.jsonl:301:' "$c/recipe.out" ||
    bad "guard-jsonl did not stop at line 301 (blank): exit $rs, $(cat "$c/recipe.out")"
}

ip_number() { local IFS=.; set -- $1; echo $(( ($1 << 24) + ($2 << 16) + ($3 << 8) + $4 )); }
# overlaps_any PREFIX [PREFIX...]: whether the first prefix overlaps any other.
overlaps_any() {
  local want=$1 p wn wl pn pl m mask; shift
  wn=$(ip_number "${want%/*}") wl=${want#*/}
  for p in "$@"; do
    pn=$(ip_number "${p%/*}") pl=32
    [ "${p#*/}" = "$p" ] || pl=${p#*/}
    m=$(( wl < pl ? wl : pl ))
    mask=$(( m == 0 ? 0 : (0xFFFFFFFF << (32 - m)) & 0xFFFFFFFF ))
    [ $(( wn & mask )) = $(( pn & mask )) ] && return 0
  done
  return 1
}

hosts_part() {
  local why=""
  [ "$(id -u)" = 0 ] || why="not root (network namespaces and sshd need it)"
  [ -n "$why" ] || [ -x /usr/sbin/sshd ] || why="no /usr/sbin/sshd (apt-get install openssh-server)"
  [ -n "$why" ] || { command -v ssh >/dev/null && command -v ssh-keygen >/dev/null; } ||
    why="no ssh or ssh-keygen (apt-get install openssh-client)"
  [ -n "$why" ] || command -v ip >/dev/null || why="no ip (apt-get install iproute2)"
  local probe=nsp$$ mounted=0
  if [ -z "$why" ]; then
    # `ip -n` too, not only `ip netns add`: in a chroot the namespace is made
    # but entering it fails (ip's `mount --make-rslave /` needs / to be a
    # mount point).
    mountpoint -q /run/netns 2>/dev/null && mounted=1
    if ip netns add "$probe" 2>/dev/null; then
      ip -n "$probe" link set lo up 2>/dev/null || why="ip -n cannot enter a network namespace here (a chroot?)"
      ip netns del "$probe" 2>/dev/null
    else
      why="ip netns add fails here (no CAP_SYS_ADMIN?)"
    fi
    # Leave /run/netns as it was when the probe made its mount for nothing.
    [ -z "$why" ] || [ "$mounted" = 1 ] || [ -n "$(ip netns list 2>/dev/null)" ] || umount /run/netns 2>/dev/null
  fi
  [ -z "$why" ] || { echo "SKIP: $why"; exit 77; }

  # Two /30s in one /29 of 198.18.77.0/24 that no address or route of this
  # machine overlaps (checked against `ip addr` and every routing table);
  # host i is .(base+4i+2), its veth peer here .(base+4i+1).
  local used base="" k
  used=$( { ip -4 -o addr show | awk '{ print $4 }'
            ip -4 route show table all | awk '{ for (i = 1; i <= 2; i++) if ($i ~ /^[0-9.]+(\/[0-9]+)?$/) { print $i; break } }'
          } | sort -u)
  for k in $(seq $(( $$ % 32 )) 31) $(seq 0 31); do
    # shellcheck disable=SC2086  # one prefix a word
    if ! overlaps_any "198.18.77.$((k * 8))/29" $used; then base=$((k * 8)); break; fi
  done
  [ -n "$base" ] || { echo "SKIP: no free /29 in 198.18.77.0/24"; exit 77; }

  ssh-keygen -q -t ed25519 -N '' -f "$tmp/client_key" -C scaleout-test || { echo "FAIL: ssh-keygen"; exit 1; }
  cp "$tmp/client_key.pub" "$tmp/authorized_keys"
  # sshd's privilege-separation directory; left in place (the openssh-server
  # package makes it at boot; another sshd may be using it).
  [ -d /run/sshd ] || mkdir -p -m 0755 /run/sshd

  local i hosts=()
  for i in 1 2; do
    local ns=nsc$$h$i here=nsc$$r$i there=nsc$$n$i
    local local_ip=198.18.77.$((base + 4 * (i - 1) + 1)) host_ip=198.18.77.$((base + 4 * (i - 1) + 2))
    ip netns add "$ns" && nets+=("$ns") &&
      ip link add "$here" type veth peer name "$there" && links+=("$here") &&
      ip link set "$there" netns "$ns" &&
      ip addr add "$local_ip/30" dev "$here" && ip link set "$here" up &&
      ip -n "$ns" addr add "$host_ip/30" dev "$there" && ip -n "$ns" link set "$there" up &&
      ip -n "$ns" link set lo up || { echo "FAIL: setting up network namespace $ns"; exit 1; }
    ssh-keygen -q -t ed25519 -N '' -f "$tmp/host_key$i" || { echo "FAIL: ssh-keygen"; exit 1; }
    cat > "$tmp/sshd$i.conf" <<EOF
ListenAddress $host_ip
Port 22
HostKey $tmp/host_key$i
AuthorizedKeysFile $tmp/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
PidFile $tmp/sshd$i.pid
LogLevel VERBOSE
MaxStartups 100
EOF
    ip netns exec "$ns" /usr/sbin/sshd -f "$tmp/sshd$i.conf" -D -e 2> "$tmp/sshd$i.log" &
    sshd_pids+=($!)
    timeout 10 bash -c "until grep -q 'Server listening on' '$tmp/sshd$i.log'; do sleep 0.1; done" ||
      { echo "FAIL: sshd in $ns did not start:"; cat "$tmp/sshd$i.log"; exit 1; }
    hosts+=("$host_ip")
  done
  export PARALLEL_SSH="ssh -F /dev/null -i $tmp/client_key -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes -o ConnectTimeout=10 -o LogLevel=ERROR"
  for i in 0 1; do
    timeout 20 $PARALLEL_SSH "${hosts[i]}" true ||
      { echo "FAIL: ssh to ${hosts[i]}:"; cat "$tmp/sshd$((i + 1)).log"; exit 1; }
  done
  echo "hosts: ${hosts[*]} (network namespaces nsc$$h1, nsc$$h2)"

  local d=$tmp/hosts fmt rs ws
  mkdir -p "$d"
  gen_jsonl "$count" > "$d/intake.jsonl"
  gen_csv "$count" > "$d/intake.csv"
  for fmt in jsonl csv; do
    ws=$(whole "$fmt" "$d")
    run_recipe "$fmt-hosts" "$d" -e "s/server1/${hosts[0]}/g" -e "s/server2/${hosts[1]}/g"
    same "$fmt on two hosts ($(jobs_in "$d") shards)" "$fmt" "$d" "$rs" "$ws"
    shifted_lines "$fmt on two hosts" "$fmt" "$d/screened.$fmt"
    for i in 0 1; do
      local ran
      ran=$(awk -F'\t' -v h="${hosts[i]}" 'NR > 1 && $2 == h' "$d/jobs.tsv" | wc -l)
      [ "$ran" -ge 1 ] || bad "$fmt: host ${hosts[i]} ran no shard (joblog: $(cut -f2 "$d/jobs.tsv" | tr '\n' ' '))"
    done
    echo "   shards per host: $(awk -F'\t' 'NR > 1 { n[$2]++ } END { for (h in n) printf "%s %d  ", h, n[h] }' "$d/jobs.tsv")"
  done
  for i in 1 2; do
    grep -q 'Accepted publickey for root' "$tmp/sshd$i.log" || bad "sshd $i logged no login"
  done
}

case $mode in
  local) local_part ;;
  hosts) hosts_part ;;
  *) echo "usage: $0 NEEDLESCREEN NS_GENERATE README local|hosts"; exit 2 ;;
esac
exit $fail
