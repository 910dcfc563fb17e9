#!/usr/bin/env bash
# Extracts llama.cpp's own test data (tokenizer vocabularies with their .inp/.out vectors, and the chat
# templates of real model families) from the pinned node-llama-cpp package, whose llama/gitRelease.bundle
# is a git bundle of exactly the llama.cpp source our binaries were built from (tag v0.5.0).
# Nothing of it is committed: the tests run this script when the data is missing.
#
# usage: fetch-llama-test-data.sh <output-dir>
set -euo pipefail

out=${1:?usage: fetch-llama-test-data.sh <output-dir>}
version=3.22.1
integrity='sha512-bltIipuWmc123H7tMIgDGKSsSrhmhlQYeVUC48XTjVW7XGJJiJJyCdlTMzQ/LiWoPkGDpcL4FviDpgw7qfTiDw=='
commit=de3ff815ea7d559ee917f063901b8986f038abc6

[ -f "$out/.complete" ] && exit 0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent "node-llama-cpp@$version" >/dev/null)
tarball="$work/node-llama-cpp-$version.tgz"
actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
if [ "$actual" != "$integrity" ]; then
  echo "node-llama-cpp@$version tarball integrity mismatch: $actual" >&2
  exit 1
fi

tar -xzf "$tarball" -C "$work" package/llama/gitRelease.bundle
git clone --quiet --bare "$work/package/llama/gitRelease.bundle" "$work/llama.git"
head=$(git -C "$work/llama.git" rev-parse HEAD)
if [ "$head" != "$commit" ]; then
  echo "unexpected llama.cpp commit in the bundle: $head (expected $commit)" >&2
  exit 1
fi

# Extract beside the target and rename, so a concurrent run never sees a half-written directory.
staging="$work/data"
mkdir -p "$staging" "$(dirname "$out")"
git -C "$work/llama.git" archive --format=tar "$commit" models/templates include/llama.h \
  $(git -C "$work/llama.git" ls-tree --name-only "$commit" models/ | grep '^models/ggml-vocab-') \
  | tar -xf - -C "$staging"
echo "$commit" > "$staging/.complete"
rm -rf "$out.partial"
cp -r "$staging" "$out.partial"
[ -f "$out/.complete" ] || { rm -rf "$out"; mv "$out.partial" "$out"; }
rm -rf "$out.partial"
