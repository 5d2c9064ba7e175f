#!/usr/bin/env bash
# Install the few Debian packages the project needs, only when they are missing:
#   chromium       - the real browser of the HTML tests (driven headless by Playwright)
#   poppler-utils  - pdftotext, pdffonts and pdftoppm for the PDF tests
#   libpango*, fonts-dejavu - what WeasyPrint needs to lay out and embed fonts in the PDFs
# Nothing is downloaded at run time: these come from Debian's registry at set-up only.
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
ldconfig -p 2>/dev/null | grep -q 'libpango-1.0.so' || missing+=(libpango-1.0-0)
ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so' || missing+=(libpangoft2-1.0-0)
fc-list 2>/dev/null | grep -qi 'DejaVuSans.ttf' || missing+=(fonts-dejavu-core)
fc-list 2>/dev/null | grep -qi 'DejaVuSerif.ttf' || missing+=(fonts-dejavu-extra)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "system-deps: installing ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
    echo "system-deps: need root to install: apt-get install ${missing[*]}" >&2; exit 1; fi
else SUDO=""; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
