#!/usr/bin/env bash
# Install everything, migrate, load the demo district and serve Yiwang at http://127.0.0.1:8000 (SQLite).
source "$(dirname "$0")/_venv.sh"
apt_install fonts-wqy-zenhei
.venv/bin/pip install -q --disable-pip-version-check -e .
.venv/bin/yiwang migrate --no-input
.venv/bin/yiwang demo
.venv/bin/yiwang demo --accounts
exec .venv/bin/yiwang runserver "${YIWANG_ADDR:-127.0.0.1:8000}"
