#!/usr/bin/env bash
# The seed workflow's heartbeat, as its hook ran it: park the work, switch to main,
# pull, edit the lock file, commit, push, switch back, restore the work.
# Usage: naive-heartbeat.sh <clone>
set -euo pipefail
cd "$1"
git stash push -q
git checkout -q main
git pull -q --no-rebase
now=$(date -u +%Y-%m-%dT%H:%M:%S.%NZ)
sed -i "s/\"heartbeat\": \"[^\"]*\"/\"heartbeat\": \"$now\"/" docs/session-locks.json
git commit -q -am "chore: heartbeat"
git push -q
git checkout -q -
git stash pop -q
