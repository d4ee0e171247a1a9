#!/usr/bin/env bash
# Set up everything the test suite needs on a fresh machine, then run it.
#   bash scripts/test.sh [pytest args]
# Installs the Python packages, Debian's chromium for the browser tests (when
# missing and we may use apt), fetches and verifies the model and builds the
# index (both skipped when already done), lints with ruff, then runs pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

python -m pip install -q -r requirements-dev.txt

if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "chromium installeren (apt) voor de browsertests…"
    apt-get update -qq && apt-get install -y -qq chromium >/dev/null
  else
    echo "chromium ontbreekt: installeer het (Debian: apt-get install chromium) voor de browsertests" >&2
  fi
fi

python -m ruff check chatbot tests app.py scripts
python -m chatbot models fetch
python -m chatbot index build --if-stale
exec python -m pytest -q "$@"
