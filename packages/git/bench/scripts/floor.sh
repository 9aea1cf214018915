#!/usr/bin/env bash
# The raw floor of one coordination write, as plain git: fetch the tip into a private
# ref, a commit on top of it (same tree: no object work at all), push it with a lease.
# Usage: floor.sh <clone> <n>
set -euo pipefail
cd "$1"
git fetch -q --no-tags --no-write-fetch-head --refmap= origin +refs/heads/main:refs/floor/base
base=$(git rev-parse refs/floor/base)
commit=$(git commit-tree "$base^{tree}" -p "$base" -m "floor $2")
git push -q --no-verify --force-with-lease="refs/heads/main:$base" origin "$commit:refs/heads/main"
