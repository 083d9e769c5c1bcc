#!/usr/bin/env bash
# The main job: installs dependencies, builds, prepares MovieLens 100K (once)
# and opens a chat. Options after the script name go to `interec chat`
# (e.g. --user 196, --json), except --source DIR which names the MovieLens
# folder (default: $INTEREC_SOURCE, else ../shared/data/ml-100k).
set -euo pipefail
cd "$(dirname "$0")/.."

source_dir=${INTEREC_SOURCE:-}
chat_args=()
while (($#)); do
  case "$1" in
    --source) source_dir=$2; shift 2 ;;
    --source=*) source_dir=${1#--source=}; shift ;;
    *) chat_args+=("$1"); shift ;;
  esac
done
if [ -z "$source_dir" ] && [ -d ../shared/data/ml-100k ]; then source_dir=../shared/data/ml-100k; fi
if [ -z "$source_dir" ] || [ ! -d "$source_dir" ]; then
  cat >&2 <<'MSG'
interec needs MovieLens 100K, which we may not redistribute. Get it from
GroupLens (https://grouplens.org/datasets/movielens/100k/, file ml-100k.zip),
unzip it, and run again with:   scripts/chat.sh --source /path/to/ml-100k
(or set INTEREC_SOURCE=/path/to/ml-100k).
MSG
  exit 2
fi

scripts/setup.sh
BUILD_DIR=${INTEREC_BUILD_DIR:-build}
data_dir=${INTEREC_DATA:-data/$(basename "$source_dir")}
if [ ! -f "$data_dir/manifest.json" ]; then
  "$BUILD_DIR/interec" prepare --source "$source_dir" --out "$data_dir"
fi
exec "$BUILD_DIR/interec" chat --data "$data_dir" "${chat_args[@]}"
