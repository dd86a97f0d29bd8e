#!/usr/bin/env bash
# Install everything, migrate, load the demo district and serve Yiwang at http://127.0.0.1:8000 (SQLite), with the
# background worker (huey: messages, deemed acceptance, warnings …) running beside the web server. Ctrl-C stops both.
# YIWANG_ADDR=0.0.0.0:8000 serves on another address.
source "$(dirname "$0")/_venv.sh"
apt_install fonts-wqy-zenhei
.venv/bin/pip install -q --disable-pip-version-check -e .
.venv/bin/yiwang migrate --no-input
.venv/bin/yiwang demo
.venv/bin/yiwang demo --accounts
.venv/bin/yiwang worker &
WORKER=$!
trap 'kill "$WORKER" 2>/dev/null; wait "$WORKER" 2>/dev/null' EXIT
trap 'exit 130' INT TERM
.venv/bin/yiwang runserver "${YIWANG_ADDR:-127.0.0.1:8000}"
