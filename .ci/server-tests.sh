#!/usr/bin/env bash
# What the kb serve tests need beyond the base image: Debian's chromium for the Playwright page test (Playwright's own
# browser download is not possible here; the test points Playwright at this executable). Node and npm, for the
# openai npm client test, are installed by .ci/run already.
set -euo pipefail
if ! command -v chromium >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
fi
