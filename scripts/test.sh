#!/usr/bin/env bash
# Install everything (with the test tools, Debian's Chromium for browser journeys and poppler-utils to read PDFs
# back) and run the whole suite.
# Extra arguments go to pytest. DATABASE_URL=postgres://… runs it on PostgreSQL.
source "$(dirname "$0")/_venv.sh"
apt_install fonts-wqy-zenhei chromium poppler-utils
.venv/bin/pip install -q --disable-pip-version-check -e ".[test]"
export DJANGO_ALLOW_ASYNC_UNSAFE=true
exec .venv/bin/python -m pytest "$@"
