#!/bin/sh
# relay <listen port> <host:port>: every connection accepted is relayed to the target.
set -eu
[ $# -eq 2 ] || { echo "usage: relay <listen port> <host:port>" >&2; exit 2; }
exec socat "TCP-LISTEN:$1,fork,reuseaddr" "TCP:$2"
