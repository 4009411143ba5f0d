"""Execute notebooks in place so the docs show real outputs, skipping the cells flagged `slow`, `cuda` or
`eval: false`, whose saved outputs (from a real run) are kept.

    python tools/run_nbs.py nbs/00_data.ipynb nbs/01_augment.ipynb
    python tools/run_nbs.py --slow nbs/04_interpret.ipynb   # also the `slow` cells (the real runs; needs ../shared)
    python tools/run_nbs.py --slow='pneumo_bench predict' nbs/07_bench.ipynb  # only the slow cells holding that text
    python tools/run_nbs.py --shrink nbs/04_interpret.ipynb   # run nothing: only store big pictures as JPEG

Pictures over 300 KB as PNG (X-ray grids) are stored as JPEG (quality 85), so a notebook stays small.
"""
import sys, os, re, io, base64
from PIL import Image
from pathlib import Path
from execnb.nbio import read_nb, write_nb
from execnb.shell import CaptureShell

NOISE = '`torch.jit.script` is deprecated'
def _skip(slow): # the cells not run: flagged cuda or eval: false, and slow unless `slow`
    return re.compile(r'^#\|\s*(' + ('' if slow else 'slow|') + r'cuda|eval:\s*false)\s*$', re.M)

def shrink(outputs, limit=300_000):
    "Store PNG outputs over `limit` bytes of base64 as JPEG (quality 85, on white)."
    for o in outputs:
        d,md = o.get('data', {}),o.get('metadata', {})
        if len(d.get('image/png', '')) <= limit: continue
        im = Image.open(io.BytesIO(base64.b64decode(d.pop('image/png')))).convert('RGBA')
        buf = io.BytesIO(); Image.alpha_composite(Image.new('RGBA', im.size, 'white'), im).convert('RGB').save(buf, 'JPEG', quality=85)
        d['image/jpeg'] = base64.b64encode(buf.getvalue()).decode()
        if 'image/png' in md: md['image/jpeg'] = md.pop('image/png')
    return outputs

def shrink_nb(fn):
    nb = read_nb(fn)
    for cell in nb.cells: shrink(cell.get('outputs', []))
    write_nb(nb, fn)
    print(f"shrank {Path(fn).name}")

def run(fn, slow=False, match=None):
    fn = Path(fn).resolve()
    nb = read_nb(fn)
    cwd = os.getcwd(); os.chdir(fn.parent)
    try:
        sh,skip = CaptureShell(),_skip(slow)
        for cell in nb.cells:
            if cell.cell_type != 'code' or skip.search(cell.source): continue
            if match and re.search(r'^#\|\s*slow\s*$', cell.source, re.M) and match not in cell.source: continue
            cell.outputs = [] # execnb keeps a cell's old outputs when it makes none
            sh.cell(cell)
            if sh.exc: raise RuntimeError(f"{fn.name}: cell failed:\n{cell.source}\n{sh.exc}")
            # torch warns on import that torch.jit.script is deprecated: noise that is not ours
            cell.outputs = shrink([o for o in cell.get('outputs', []) if not (o.get('name') == 'stderr' and NOISE in ''.join(o.get('text', '')))])
    finally: os.chdir(cwd)
    write_nb(nb, fn)
    print(f"executed {fn.name}")

if __name__ == '__main__':
    args = sys.argv[1:]
    if '--shrink' in args:
        for f in args:
            if f != '--shrink': shrink_nb(f)
        sys.exit()
    opts = [a for a in args if a.startswith('--slow')]
    match = opts[0].partition('=')[2] if opts else None
    for f in args:
        if not f.startswith('--slow'): run(f, bool(opts), match or None)
