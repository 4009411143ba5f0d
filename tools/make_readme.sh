#!/usr/bin/env bash
# README.md is generated from nbs/index.ipynb. With Quarto installed, `nbdev_readme` does it (the docs workflow
# does on GitHub). Without Quarto, this script does the same: hidden cells and directives out, nbconvert to markdown.
set -euo pipefail
cd "$(dirname "$0")/.."
python -c "import nbformat, nbconvert" 2>/dev/null || { echo "make_readme.sh needs nbconvert: pip install nbconvert" >&2; exit 1; }
tmp=$(mktemp -d)
python - "$tmp/index.ipynb" <<'PY'
import re, sys, nbformat
nb = nbformat.read('nbs/index.ipynb', as_version=4)
keep = []
for c in nb.cells:
    lines = c.source.splitlines()
    if c.cell_type == 'code':
        if any(l.strip() in ('#| hide', '#|hide') for l in lines): continue
        c.source = '\n'.join(l for l in lines if not l.startswith('#|'))
        if any(l.strip() in ('#| echo: false', '#|echo: false') for l in lines): c.metadata['tags'] = ['remove_input']
    for o in c.get('outputs', []): # pandas' <style> block shows as text on GitHub
        if 'text/html' in o.get('data', {}): o['data']['text/html'] = re.sub(r'<style scoped>.*?</style>\s*', '', o['data']['text/html'], flags=re.S)
    keep.append(c)
nb.cells = keep
nb.metadata['language_info'] = {'name': 'python'} # fenced code blocks marked as Python
nbformat.write(nb, sys.argv[1])
PY
rm -rf README_files # the pictures of an older index would stay behind
jupyter nbconvert --to markdown --TagRemovePreprocessor.enabled=True --TagRemovePreprocessor.remove_input_tags=remove_input "$tmp/index.ipynb" --output-dir . --output README >/dev/null 2>&1
rm -rf "$tmp"
for f in README_files/*; do grep -q "$f" README.md || rm "$f"; done # a picture stored twice (PNG and JPEG) is linked once
echo "wrote README.md"
