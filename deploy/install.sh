#!/usr/bin/env bash
# Installs what the system needs on a fresh Debian machine: the Python environment, the
# Kafka jars (Maven Central), PostgreSQL server binaries, kcat, chromium, a CJK font and prometheus (promtool, for deploy/prometheus) (Debian). Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3.11}
command -v "$PYTHON" >/dev/null || PYTHON=python3
if [ ! -x .venv/bin/python ]; then
  echo "install: creating .venv with $($PYTHON --version)"
  "$PYTHON" -m venv .venv
fi
# Reinstall only when pyproject.toml changed since the last install.
stamp=.venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)
if [ ! -f "$stamp" ]; then
  echo "install: Python dependencies (pinned in pyproject.toml)"
  .venv/bin/pip install -q --upgrade pip
  .venv/bin/pip install -q -e '.[test]'
  rm -f .venv/.installed-*; touch "$stamp"
fi

for tool in java mvn; do
  command -v "$tool" >/dev/null || { echo "install: $tool is required (Java 17+ and Maven)"; exit 1; }
done
.venv/bin/python -c 'from deploy.local.kafka_jars import ensure_jars; ensure_jars()'

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    echo "install: PostgreSQL server from Debian packages"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  else
    echo "install: PostgreSQL server binaries missing; run: sudo apt-get install -y postgresql"; exit 1
  fi
fi
# kcat reads any topic as plain JSON lines (README "Watching a topic"); an operator's tool, so a
# machine without root only gets a hint.
if ! command -v kcat >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    echo "install: kcat from Debian packages"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq kcat >/dev/null
  else
    echo "install: kcat missing (optional, to read topics); run: sudo apt-get install -y kcat"
  fi
fi
# The browser tests (tests/browser) drive Debian's chromium, never a browser Playwright downloads (its CDN is not
# reachable); Chinese needs a CJK font, or every character renders as a box in pages and screenshots.
missing=()
command -v chromium >/dev/null || missing+=(chromium)
fc-list :lang=zh 2>/dev/null | grep -q . || missing+=(fonts-noto-cjk)
# deploy/prometheus: its config and alerting rules are checked by promtool (tests/unit/test_prometheus_rules.py)
command -v promtool >/dev/null || missing+=(prometheus)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "install: ${missing[*]} from Debian packages (browser tests, Prometheus)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "install: ${missing[*]} missing; run: sudo apt-get install -y ${missing[*]}"; exit 1
  fi
fi
echo "install: done"
