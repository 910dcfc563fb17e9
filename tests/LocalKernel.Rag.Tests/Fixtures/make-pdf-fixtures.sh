#!/usr/bin/env bash
# Regenerates the PDF fixtures under Fixtures/pdf/ with real tools, so the PDF extractor is tested on
# what real producers write rather than on files we shaped ourselves:
#   - Chromium (Skia): TrueType subsets as Type0/Identity-H CID fonts with ToUnicode CMaps;
#   - groff -> PostScript -> Ghostscript ps2pdf: Type 1 (CFF) subsets with /Differences encodings, no ToUnicode;
#   - LibreOffice Writer (HTML import): TrueType subsets with WinAnsiEncoding, a ruled table, bullets;
#   - pdfLaTeX: Type 1 Computer Modern subsets (built-in encodings, ToUnicode), two columns, kerning-only spacing;
#   - qpdf: a copy that needs a password, and owner-password-only copies (RC4 40/128, AES-128/256).
# Debian packages: chromium groff ghostscript qpdf libreoffice-writer-nogui texlive-latex-base fonts-dejavu-core
# fonts-liberation (poppler-utils for the test oracle). Outputs are not byte-identical across tool versions.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/pdf"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

chromium_pdf() { # $1 = html file, $2 = pdf file
  local profile
  profile="$(mktemp -d)"
  chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$profile" \
    --no-pdf-header-footer --print-to-pdf="$2" "file://$1" >/dev/null 2>&1
  rm -rf "$profile"
}

cat >"$work/simple.html" <<'HTML'
<!doctype html><html><head><meta charset="utf-8"><title>Quarterly maintenance notes</title>
<style>body{font-family:"Liberation Serif",serif;font-size:12pt;margin:2cm}</style></head><body>
<h1>Quarterly maintenance notes</h1>
<p>The pumping station on the northern river bank was inspected in March. Engineers replaced two worn
valves, recalibrated the pressure sensors and cleaned the intake filters. Throughput returned to the
expected level within a day.</p>
<h2>Open issues</h2>
<p>The backup generator still fails its monthly load test after about forty minutes. A replacement
fuel pump has been ordered and should arrive before the end of April.</p>
<ul><li>Replace the cracked inspection hatch.</li><li>Repaint the corroded handrails near the outflow.</li></ul>
</body></html>
HTML
chromium_pdf "$work/simple.html" "$out/chromium-simple.pdf"

cat >"$work/multilingual.html" <<'HTML'
<!doctype html><html><head><meta charset="utf-8"><title>Multilingual glossary</title>
<style>body{font-family:"DejaVu Sans",sans-serif;font-size:11pt;margin:2cm}</style></head><body>
<h1>Multilingual glossary</h1>
<p>French: le café crème coûte déjà trois euros à Orléans, où l'été est chaud.</p>
<p>German: Die Straße führt über die Brücke nach Köln; Grüße aus Düsseldorf.</p>
<p>Spanish: El niño pidió una canción en la estación de Málaga mañana.</p>
<p>Greek: Η γλώσσα είναι όμορφη και η θάλασσα είναι γαλάζια.</p>
<p>Russian: Привет мир, это простой текст для проверки извлечения.</p>
<p>Symbols: 25 °C, 10 € per litre, “quoted” text — and an em dash.</p>
</body></html>
HTML
chromium_pdf "$work/multilingual.html" "$out/chromium-multilingual.pdf"

cat >"$work/table.html" <<'HTML'
<!doctype html><html><head><meta charset="utf-8"><title>Sensor inventory</title>
<style>body{font-family:"Liberation Sans",sans-serif;font-size:11pt;margin:2cm}
table{border-collapse:collapse}td,th{border:1px solid #444;padding:4px 10px}</style></head><body>
<h1>Sensor inventory</h1>
<p>The table lists every sensor installed at the station together with its calibration date.</p>
<table><thead><tr><th>Sensor</th><th>Location</th><th>Calibrated</th><th>Status</th></tr></thead>
<tbody>
<tr><td>Pressure A1</td><td>Intake</td><td>2024-03-02</td><td>working</td></tr>
<tr><td>Pressure A2</td><td>Outflow</td><td>2024-03-02</td><td>working</td></tr>
<tr><td>Flow meter F7</td><td>Main pipe</td><td>2023-11-19</td><td>drifting</td></tr>
<tr><td>Temperature T3</td><td>Generator room</td><td>2024-01-15</td><td>replaced</td></tr>
</tbody></table>
<p>Drifting sensors are recalibrated during the next scheduled visit.</p>
</body></html>
HTML
chromium_pdf "$work/table.html" "$out/chromium-table.pdf"

cat >"$work/columns.html" <<'HTML'
<!doctype html><html><head><meta charset="utf-8"><title>Two column newsletter</title>
<style>body{font-family:"Liberation Serif",serif;font-size:11pt;margin:2cm}
.cols{column-count:2;column-gap:1.2cm;text-align:justify}</style></head><body>
<h1>Station newsletter</h1>
<div class="cols">
<p>Spring arrived early this year and the river rose faster than anyone expected. The crew worked long
shifts to keep the intake clear of branches, leaves and the occasional lost football.</p>
<p>Our apprentice Marta finished her certification in electrical safety. She now leads the weekly
inspection of the switchgear and has already found two loose terminals.</p>
<p>The visitor centre reopens in June with a new exhibition about the history of the waterworks, from
the first steam engines to the modern variable speed drives.</p>
<p>Finally, please remember that the car park behind the workshop will be resurfaced next month.
Park near the main gate during that week and use the footpath along the fence.</p>
</div></body></html>
HTML
chromium_pdf "$work/columns.html" "$out/chromium-two-columns.pdf"

# groff (ms macros) -> PostScript -> Ghostscript: several pages, headings, a tbl table, Latin-1 accents.
cat >"$work/report.ms" <<'ROFF'
.TL
Annual Report of the Waterworks
.AU
Operations Team
.NH
Introduction
.PP
This report summarises the operation of the municipal waterworks during the past year. It covers water
quality, maintenance, energy use and the plans for the coming season. Caf\['e] visitors and the r\['e]sum\['e]
of the na\[:i]ve apprentice are mentioned only for the accents.
ROFF
for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
cat >>"$work/report.ms" <<ROFF
.NH
Section number $i
.PP
Paragraph $i describes the work of month $i in some detail. The filters were backwashed on schedule,
the chlorine dosing was adjusted twice and the laboratory took forty samples from the distribution
network. No sample exceeded the legal limits. The night shift reported unusual vibration in pump
number $i, which was traced to a loose coupling and fixed the next morning.
.PP
Energy consumption in month $i stayed close to the long term average. The solar panels on the roof of
the filter hall delivered about a fifth of the electricity needed by the aeration blowers.
ROFF
done
cat >>"$work/report.ms" <<'ROFF'
.NH
Summary table
.PP
The following table summarises the key figures.
.TS
box tab(;);
l l r.
Quantity;Unit;Value
_
Water delivered;cubic metres;1250000
Samples taken;count;480
Energy used;megawatt hours;930
.TE
ROFF
groff -ms -t -Tps "$work/report.ms" >"$work/report.ps"
ps2pdf -dPDFSETTINGS=/prepress "$work/report.ps" "$out/groff-report.pdf"

# LibreOffice Writer imports HTML and exports PDF.
cat >"$work/procurement.html" <<'HTML'
<!doctype html><html><head><meta charset="utf-8"><title>Procurement guideline</title></head><body style="font-family:'Liberation Sans'">
<h1>Procurement guideline</h1>
<p>This guideline explains how the waterworks buys equipment, chemicals and services. It applies to every order above
five hundred euros and to all framework contracts.</p>
<h2>Approval levels</h2>
<table border="1"><tr><th>Order value</th><th>Approved by</th><th>Quotes needed</th></tr>
<tr><td>up to 5,000 €</td><td>Team leader</td><td>one</td></tr>
<tr><td>up to 50,000 €</td><td>Head of operations</td><td>three</td></tr>
<tr><td>above 50,000 €</td><td>Board of directors</td><td>public tender</td></tr></table>
<h2>Suppliers</h2>
<ul><li>Prefer suppliers with a valid ISO 9001 certificate.</li><li>Check delivery times before ordering spare parts.</li>
<li>Keep the Zürich and Kraków distributors on the approved list.</li></ul>
<p>Questions about this guideline go to the purchasing office, room 214.</p>
</body></html>
HTML
soffice --headless -env:UserInstallation="file://$work/lo-profile" --infilter="HTML (StarWriter)" \
  --convert-to pdf --outdir "$work" "$work/procurement.html" >/dev/null 2>&1
cp "$work/procurement.pdf" "$out/libreoffice-procurement.pdf"

# pdfLaTeX, two columns: the title and page number span the gutter; the right column is short.
cat >"$work/article.tex" <<'TEX'
\documentclass[twocolumn]{article}
\title{Groundwater Monitoring at the Eastern Wells}
\author{Field Hydrology Group}
\date{}
\begin{document}
\maketitle
\section{Background}
The eastern well field supplies roughly a third of the drinking water for the town. Since the drought of the previous
summer, the water table has been measured every week at twelve observation wells. This note summarises the first
year of measurements and the conclusions we drew from them.
\section{Method}
Each observation well is fitted with a pressure transducer that records the water level every fifteen minutes.
The readings are transferred to the office once a week, checked for gaps and compared with manual dip measurements.
Efficient filtering removes spikes caused by the pumps switching on and off.
\subsection{Quality control}
Whenever the transducer and the manual reading differ by more than two centimetres, the transducer is recalibrated
and the affected readings are flagged. Over the year, only nine percent of the readings needed a flag.
\section{Results}
The water table fell steadily until late autumn and recovered during the wet winter months. The deepest level was
reached in well number seven, close to the main production wells, while the wells near the river barely changed.
\section{Conclusions}
Pumping from the eastern field can continue at the present rate, but the production should be shifted towards the
river wells during dry summers. The monitoring network will stay in place for at least three more years.
\end{document}
TEX
(cd "$work" && pdflatex -interaction=batchmode article.tex >/dev/null)
cp "$work/article.pdf" "$out/latex-two-columns.pdf"

# The same text in one column without ToUnicode CMaps: only the fonts' built-in Type 1 encodings tell "fi" from "fl".
sed -e 's/^\\documentclass\[twocolumn\]{article}/\\pdfgentounicode=0\n\\documentclass{article}/' "$work/article.tex" >"$work/builtin.tex"
(cd "$work" && pdflatex -interaction=batchmode builtin.tex >/dev/null)
cp "$work/builtin.pdf" "$out/latex-builtin-encoding.pdf"

# An encrypted copy (user password "secret") for the bad-input tests.
qpdf --encrypt secret owner-secret 256 -- "$out/chromium-simple.pdf" "$out/encrypted.pdf"

# Owner-password-only copies (they open without a password, as many real files do), one per cipher.
qpdf --allow-weak-crypto --encrypt "" owner 40 -- "$out/groff-report.pdf" "$out/owner-protected-rc4-40.pdf"
qpdf --allow-weak-crypto --encrypt "" owner 128 --use-aes=n -- "$out/libreoffice-procurement.pdf" "$out/owner-protected-rc4-128.pdf"
qpdf --encrypt "" owner 128 --use-aes=y -- "$out/latex-two-columns.pdf" "$out/owner-protected-aes-128.pdf"
qpdf --encrypt "" owner 256 -- "$out/chromium-multilingual.pdf" "$out/owner-protected-aes-256.pdf"

ls -l "$out"
