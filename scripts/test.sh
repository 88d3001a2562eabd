#!/usr/bin/env bash
# Installs backcoach with every extra and the dev tools, then runs the whole test suite:
# lint (ruff), formatting, types (mypy --strict), architecture (import-linter) and pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-python3}"
"$PY" -m pip install --quiet --disable-pip-version-check -e ".[dev]"
echo "== ruff"; "$PY" -m ruff check .
echo "== ruff format"; "$PY" -m ruff format --check .
echo "== mypy (strict, on the package)"; "$PY" -m mypy
echo "== import-linter"; "$PY" -c "from importlinter.cli import lint_imports_command as c; c()"
echo "== pytest"
source scripts/postgres.sh
start_throwaway_postgres
"$PY" -m pytest "$@"
