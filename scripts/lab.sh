#!/usr/bin/env bash
# JupyterLab on the notebooks, with the project's kernel (the .venv's python3).
# Kernels start in notebooks/, like papermill and nbval, and find the project through analysis.paths.
set -euo pipefail
cd "$(dirname "$0")/.."
args=(--notebook-dir=notebooks --ServerApp.ip=127.0.0.1)
[ "$(id -u)" -eq 0 ] && args+=(--allow-root)
exec .venv/bin/jupyter lab "${args[@]}" "$@"
