#!/usr/bin/env bash
# Installs backcoach with every extra and the dev tools, then runs the whole test suite:
# lint (ruff), formatting, types (mypy --strict), architecture (import-linter) and pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-python3}"
# System packages the tests use for real: Debian's chromium (browser tests) and an offscreen
# OpenGL (EGL) for MuJoCo, which renders the test videos. Installed when missing on a Debian
# machine we may administer; otherwise the tests that need them say why they skip.
SYSTEM_PACKAGES=(chromium libegl1 libegl-mesa0 libgl1 libglx-mesa0 libgl1-mesa-dri libgbm1)
missing=()
for package in "${SYSTEM_PACKAGES[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "== apt-get install ${missing[*]}"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "not installed: ${missing[*]} (apt-get install them): the tests needing them will skip"
  fi
fi
"$PY" -m pip install --quiet --disable-pip-version-check -e ".[dev]"
# mediapipe 0.10.21 (the last release with BlazePose's models in the wheel) is installed without
# its declared dependencies, which would pull jax and a GUI OpenCV; the `camera` extra lists the
# ones it really needs.
"$PY" -m pip install --quiet --disable-pip-version-check --no-deps "mediapipe==0.10.21"
# Rendered test videos are cached outside the clone, so a later run on this machine reuses them.
export BACKCOACH_VIDEO_CACHE="${BACKCOACH_VIDEO_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/backcoach-test-videos}"
echo "== ruff"; "$PY" -m ruff check .
echo "== ruff format"; "$PY" -m ruff format --check .
echo "== mypy (strict, on the package)"; "$PY" -m mypy
echo "== import-linter"; "$PY" -c "from importlinter.cli import lint_imports_command as c; c()"
echo "== pytest"
source scripts/postgres.sh
start_throwaway_postgres
"$PY" -m pytest "$@"
