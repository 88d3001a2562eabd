#!/usr/bin/env bash
# Installs backcoach with every extra and the dev tools, then runs the whole test suite:
# lint (ruff), formatting, types (mypy --strict), architecture (import-linter) and pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-python3}"
# System packages the tests use for real: Debian's chromium (browser tests). Installed when
# missing and this is a Debian machine we may administer; otherwise those tests say why they skip.
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "== apt-get install chromium (browser tests)"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
  else
    echo "chromium is not installed (apt-get install chromium): the browser tests will be skipped"
  fi
fi
"$PY" -m pip install --quiet --disable-pip-version-check -e ".[dev]"
echo "== ruff"; "$PY" -m ruff check .
echo "== ruff format"; "$PY" -m ruff format --check .
echo "== mypy (strict, on the package)"; "$PY" -m mypy
echo "== import-linter"; "$PY" -c "from importlinter.cli import lint_imports_command as c; c()"
echo "== pytest"
source scripts/postgres.sh
start_throwaway_postgres
"$PY" -m pytest "$@"
