#!/usr/bin/env bash
# Resumes a suite submitted by submit.sh after shards stopped early (SIGTERM, time limit, node
# failure, scancel): it requeues every array task that ended without success, lets each start
# now rather than after Slurm's requeue delay, and re-arms the report job.
#
#   deploy/slurm/resume.sh DIR                 # the ids submit.sh wrote to DIR/slurm-jobs
#   deploy/slurm/resume.sh SHARDS_ID REPORT_ID
#
# The requeued shards skip the cells already in DIR. The report job needs re-arming because
# Slurm keeps an afterok dependency failed once a task has failed, even after that task is
# requeued and succeeds, and for a whole array it remembers the array's worst exit code; a
# dependency on each task by id is evaluated afresh, so that is what the report gets.
set -euo pipefail
die() { echo "resume.sh: $*" >&2; exit 1; }

if [ $# -eq 1 ] && [ -f "$1/slurm-jobs" ]; then
  shards="$(awk '$1 == "shards" {print $2}' "$1/slurm-jobs")"
  report="$(awk '$1 == "report" {print $2}' "$1/slurm-jobs")"
elif [ $# -eq 2 ]; then
  shards="$1" report="$2"
else
  die "usage: $0 DIR | $0 SHARDS_ID REPORT_ID"
fi
[[ "$shards" =~ ^[0-9]+$ ]] || die "bad shards job id \"$shards\""

# field NAME LINE: the value of NAME=... in one line of `scontrol -o show job`.
field() { tr ' ' '\n' <<<"$2" | sed -n "s/^$1=//p" | head -n 1; }

# expand "0-2,5%4" to "0 1 2 5" (a pending array's record lists its tasks that way).
expand() {
  local spec="${1%%%*}" part
  for part in ${spec//,/ }; do
    if [[ "$part" == *-* ]]; then seq "${part%-*}" "${part#*-}"; else echo "$part"; fi
  done
}

records="$(scontrol -o show job "$shards")" || die "Slurm no longer knows job $shards (purged after MinJobAge?)"
tasks=()
requeued=0
while read -r line; do
  [ -n "$line" ] || continue
  ids="$(field ArrayTaskId "$line")"
  state="$(field JobState "$line")"
  reason="$(field Reason "$line")"
  for t in $(expand "$ids"); do
    tasks+=("$t")
    case "$state" in
    FAILED | CANCELLED | TIMEOUT | NODE_FAIL | PREEMPTED | OUT_OF_MEMORY | BOOT_FAIL | DEADLINE)
      echo "resume.sh: task ${shards}_$t ended $state; requeueing it" >&2
      scontrol requeue "${shards}_$t" </dev/null
      scontrol update JobId="${shards}_$t" StartTime=now </dev/null
      requeued=$((requeued + 1))
      ;;
    PENDING)
      # Slurm holds a requeued task back for a while (Reason=BeginTime); let it start now.
      if [ "$reason" = BeginTime ]; then scontrol update JobId="${shards}_$t" StartTime=now </dev/null; fi
      ;;
    esac
  done
done <<<"$records"
[ ${#tasks[@]} -gt 0 ] || die "job $shards has no array tasks"
echo "resume.sh: requeued $requeued of ${#tasks[@]} shards" >&2

if [ -n "$report" ]; then
  # shellcheck disable=SC2046 # one task id per word
  dep="afterok$(printf ":${shards}_%s" $(printf '%s\n' "${tasks[@]}" | sort -n))"
  rstate="$(field JobState "$(scontrol -o show job "$report" 2>/dev/null || true)")"
  if [ "$rstate" = PENDING ]; then
    scontrol update JobId="$report" Dependency="$dep"
    echo "resume.sh: report job $report waits for the shards again" >&2
  else
    echo "resume.sh: report job $report is ${rstate:-gone}; once the shards finish, run warpkit bench report on their folder" >&2
  fi
fi
