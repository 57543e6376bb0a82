#!/usr/bin/env bash
# Runs the whole vnode stack on this machine without Docker: a real Kubernetes control plane (built
# from the Go module proxy by control-plane/build.sh on first use, ~8 min; cached), a real Kafka broker
# (KRaft), the ECI emulator and the four services, then the demo. kubectl: .local-stack/bin/kubectl, or
# export KUBECONFIG=.local-stack/kubeconfig.
#   ./run-local.sh [--keep] [--no-demo] [--instant] [--crud]   the stack and the demo (--keep: stay up
#                                                    until Ctrl-C; --crud: on the CRUD stand-in)
#   ./run-local.sh benchmark [pods] [--rate=N] [--replicas=2] [--create-quota=1000/60s] [--control-plane] [--profile]
#                                                    the end-to-end benchmark (issues 9, 20)
#   ./run-local.sh chaos [pods]                        the chaos run (issue 9)
# SKIP_BUILD=1 skips the Maven build.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p .local-stack
main=io.vnode.localstack.LocalStack
# this JVM holds the local API server's store (every pod and Event) and the emulator: a 50,000-pod run needs more
heap=1g
case "${1:-}" in
  benchmark) main=io.vnode.localstack.bench.Benchmark; heap=6g; shift ;;
  chaos) main=io.vnode.localstack.bench.Chaos; heap=4g; shift ;;
esac
if [ -z "${SKIP_BUILD:-}" ]; then
  echo "== building (./mvnw -DskipTests install)"
  ./mvnw -B -q -ntp -DskipTests install
fi
./mvnw -B -q -ntp -o -pl local-stack dependency:build-classpath -DincludeScope=runtime -Dmdep.outputFile="$PWD/.local-stack/classpath.txt" >/dev/null \
  || ./mvnw -B -q -ntp -pl local-stack dependency:build-classpath -DincludeScope=runtime -Dmdep.outputFile="$PWD/.local-stack/classpath.txt" >/dev/null
exec java -Xmx"${VNODE_LAUNCHER_HEAP:-$heap}" -Dvnode.repo="$PWD" -cp "local-stack/target/classes:$(cat .local-stack/classpath.txt)" "$main" "$@"
