#!/usr/bin/env bash
# Builds the control-plane binary (etcd, kube-apiserver, kube-controller-manager, kube-scheduler, the
# test node and the pki writer; see main.go) from the modules go.mod pins, through the Go module proxy.
# The result is cached outside the work tree, keyed by every input (go.mod, go.sum, the sources, this
# script, the Go version): ${VNODE_CACHE:-~/.cache/vnode}/control-plane/<key>/control-plane.
# A cached build costs a hash; a cold one takes ~10 minutes on 2 cores (see README.md).
# Prints the binary's path as the last line of stdout. A failure (no Go, a module not served, a
# compile error) exits non-zero with the error: there is no fallback here.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v go >/dev/null 2>&1; then
  echo "control-plane: no Go toolchain on PATH (Go 1.26 builds the control plane from k8s.io/kubernetes)" >&2
  exit 3
fi
version=$(awk '$1 == "k8s.io/kubernetes" { print $2 }' go.mod)
key=$( (cat go.mod go.sum ./*.go build.sh; go version) | sha256sum | cut -c1-16)
dir=${VNODE_CACHE:-$HOME/.cache/vnode}/control-plane/$key
bin=$dir/control-plane
if [ -x "$bin" ]; then
  echo "$bin"
  exit 0
fi

mkdir -p "$dir"
exec 9>"$dir/.lock"
flock 9                               # another build of the same key: wait for it, then use its binary
if [ -x "$bin" ]; then
  echo "$bin"
  exit 0
fi

minor=${version#v1.}; minor=${minor%%.*}
ldflags="-s -w"
for kv in gitVersion="$version" gitMajor=1 gitMinor="$minor" gitTreeState=clean gitCommit=0000000000000000000000000000000000000000 \
          buildDate=1970-01-01T00:00:00Z; do
  ldflags="$ldflags -X k8s.io/component-base/version.$kv"
done
echo "control-plane: building Kubernetes $version and etcd (cache key $key; a first build takes ~10 min on 2 cores)" >&2
start=$(date +%s)
log=$dir/build.log
: >"$log"
# -v names each package as it is compiled: a line of progress every 200 packages
set +e
CGO_ENABLED=0 GOFLAGS=-buildvcs=false go build -v -trimpath -ldflags "$ldflags" -o "$bin.tmp" . 2>&1 | tee "$log" | {
  n=0
  while IFS= read -r _; do
    n=$((n + 1))
    if [ $((n % 200)) -eq 0 ]; then echo "control-plane:   $n packages compiled ($(( $(date +%s) - start )) s)" >&2; fi
  done
}
rc=${PIPESTATUS[0]}
set -e
if [ "$rc" -ne 0 ] || [ ! -x "$bin.tmp" ]; then
  echo "control-plane: build FAILED (go build exit $rc); the log ($log) ends:" >&2
  tail -40 "$log" >&2
  rm -f "$bin.tmp"
  exit 1
fi
mv "$bin.tmp" "$bin"
echo "control-plane: built $bin ($(du -m "$bin" | cut -f1) MiB) in $(( $(date +%s) - start )) s" >&2
echo "$bin"
