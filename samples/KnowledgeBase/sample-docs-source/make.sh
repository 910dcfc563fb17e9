#!/usr/bin/env bash
# Regenerates the DOCX and PDF sample documents from the HTML sources here. They are committed, so this
# is needed only after editing a source. Needs LibreOffice (Debian: apt-get install libreoffice-writer).
# The sources live outside sample-docs/ so that ingesting that folder does not take them twice.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/../sample-docs"
soffice --headless --infilter='HTML (StarWriter)' --convert-to 'docx:MS Word 2007 XML' --outdir "$out" "$here/gpu-backends.html"
soffice --headless --infilter='HTML (StarWriter)' --convert-to pdf:writer_pdf_Export --outdir "$out" "$here/troubleshooting.html"
