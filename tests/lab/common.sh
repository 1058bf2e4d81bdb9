# common.sh - what the lab scripts (lab.sh, mta/mtalab.sh) share; sourced,
# not run.  The sourcing script sets LAB_PROG (its name for messages) and
# DEADLINE, and defines port_of NAME and running NAME.

die()
{
	echo "$LAB_PROG: $*" >&2
	exit 1
}

# listening PORT - something listens on TCP PORT on this host.
listening()
{
	ss -Hltn "sport = :$1" 2>/dev/null | grep -q .
}

# wait_stopped NAME PORT - until NAME is neither running nor listening,
# within DEADLINE seconds; then say so.
wait_stopped()
{
	t=0
	while running "$1" || listening "$2"; do
		[ "$t" -ge $((DEADLINE * 10)) ] &&
		    die "$1: still running after ${DEADLINE}s"
		sleep 0.1
		t=$((t + 1))
	done
	echo "$1: stopped"
}

# status_one NAME - one line, and 0 when NAME runs and listens.
status_one()
{
	name=$1 port=$(port_of "$1")
	if running "$name" && listening "$port"; then
		echo "$name: running on 127.0.0.1:$port"
		return 0
	fi
	echo "$name: stopped"
	return 1
}

# lab_command stop|status|port NAME... - the commands every lab has;
# status returns 1 when one of the servers is not up.
lab_command()
{
	lc_cmd=$1
	shift
	case $lc_cmd in
	stop)
		for n in "$@"; do
			stop_one "$n"
		done
		;;
	status)
		lc_rc=0
		for n in "$@"; do
			status_one "$n" || lc_rc=1
		done
		return $lc_rc
		;;
	port)
		for n in "$@"; do
			port_of "$n"
		done
		;;
	esac
}
