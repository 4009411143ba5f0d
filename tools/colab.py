#!/usr/bin/env python
"""Put an "Open in Colab" badge and a Colab set-up cell right after the title cell of notebooks.

    python tools/colab.py                      # every numbered notebook in nbs/, and nbs/index.ipynb
    python tools/colab.py nbs/03_train.ipynb   # only these (nbs/experiments/*.ipynb too, if you want them)
    python tools/colab.py --check              # change nothing; list the notebooks that would change (exit 1 if any)

The badge links to https://colab.research.google.com/github/<owner>/<repo>/blob/<branch>/nbs/<notebook>, with owner
and repo from settings.ini's git_url (checked against its `user` and `repo`) and its `branch`. The set-up cell is
flagged `#| hide` (the docs site does not show it) and `#| eval: false` (nbdev_test skips it); on Colab only, it
pip-installs the package from the repository (with the `app` extras where the notebook imports gradio) and mounts
Google Drive. Running it twice changes nothing: cells it made before are found by their content, rewritten and moved
back after the title. Notebooks are written as nbdev_clean writes them. Standard library only.
"""
import argparse, configparser, hashlib, json, re, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BADGE_IMG = 'https://colab.research.google.com/assets/colab-badge.svg'
SETUP_MARK = '# Colab only (made by tools/colab.py):'

def settings(root=ROOT)->dict:
    "owner, repo, branch, git_url and nbs_path from settings.ini; git_url must be a GitHub repository."
    cfg = configparser.ConfigParser(); cfg.read(root/'settings.ini'); d = cfg['DEFAULT']
    m = re.fullmatch(r'https://github\.com/([^/]+)/([^/]+?)(?:\.git)?/?', d['git_url'])
    if not m: sys.exit(f"settings.ini: git_url {d['git_url']!r} is not https://github.com/<owner>/<repo>")
    owner,repo = m.groups()
    if (owner,repo) != (d.get('user', owner), d.get('repo', repo)): sys.exit(
        f"settings.ini: git_url names {owner}/{repo} but user/repo say {d.get('user')}/{d.get('repo')}")
    return dict(owner=owner, repo=repo, branch=d.get('branch', 'main'), git_url=d['git_url'].rstrip('/'),
                nbs_path=d.get('nbs_path', 'nbs'))

def colab_url(s:dict, rel:str)->str:
    "The Colab address of the notebook at `rel` (relative to the notebooks folder)."
    return f"https://colab.research.google.com/github/{s['owner']}/{s['repo']}/blob/{s['branch']}/{s['nbs_path']}/{rel}"

def badge_source(s, rel): return f"[![Open In Colab]({BADGE_IMG})]({colab_url(s, rel)})"

def setup_source(s, extras=''):
    pkg = f"{s['repo']}{extras} @ git+{s['git_url']}" if extras else f"git+{s['git_url']}"
    return '\n'.join([
        '#| hide', '#| eval: false',
        f"{SETUP_MARK} install {s['repo']} from GitHub and mount Google Drive (the dataset goes in MyDrive/chest_xray).",
        'import subprocess, sys',
        "if 'google.colab' in sys.modules:",
        f"    subprocess.run([sys.executable, '-m', 'pip', 'install', '-q', '{pkg}'], check=True)",
        '    from google.colab import drive',
        "    drive.mount('/content/drive')"])

def _src(c): return ''.join(c['source']) if isinstance(c['source'], list) else c['source']
def _lines(s): return s.splitlines(keepends=True)
def _is_badge(c): return c['cell_type']=='markdown' and BADGE_IMG in _src(c) and 'colab.research.google.com/github/' in _src(c)
def _is_setup(c): return c['cell_type']=='code' and SETUP_MARK in _src(c)
def _is_title(c): return c['cell_type']=='markdown' and _src(c).lstrip().startswith('# ')
def _id(rel, kind): return hashlib.md5(f'{rel}:{kind}'.encode()).hexdigest()[:8]

def add_colab(nb:dict, rel:str, s:dict)->dict:
    "`nb` with the badge and the set-up cell right after its title cell (their earlier copies removed)."
    old = {k: next((c for c in nb['cells'] if f(c)), None) for k,f in (('badge',_is_badge), ('setup',_is_setup))}
    cells = [c for c in nb['cells'] if not (_is_badge(c) or _is_setup(c))]
    t = next((i for i,c in enumerate(cells) if _is_title(c)), None)
    if t is None: raise ValueError("no title cell (a markdown cell starting with '# ')")
    extras = '[app]' if re.search(r'^\s*(import|from)\s+gradio\b', '\n'.join(_src(c) for c in cells if c['cell_type']=='code'), re.M) else ''
    badge = dict(cell_type='markdown', id=(old['badge'] or {}).get('id', _id(rel, 'badge')), metadata={},
                 source=_lines(badge_source(s, rel)))
    setup = dict(cell_type='code', execution_count=None, id=(old['setup'] or {}).get('id', _id(rel, 'setup')), metadata={},
                 outputs=[], source=_lines(setup_source(s, extras)))
    return {**nb, 'cells': cells[:t+1] + [badge, setup] + cells[t+1:]}

def nb2str(nb): return json.dumps(nb, sort_keys=True, indent=1, ensure_ascii=False) + '\n' # as nbdev_clean writes

def default_notebooks(nbs:Path)->list:
    return sorted(nbs.glob('[0-9]*.ipynb')) + [nbs/'index.ipynb']

def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('notebooks', nargs='*', help='notebooks to change (default: every numbered notebook and index.ipynb)')
    p.add_argument('--check', action='store_true', help='change nothing; exit 1 if a notebook would change')
    a = p.parse_args(argv)
    s = settings(); nbs = ROOT/s['nbs_path']
    fns = [Path(f).resolve() for f in a.notebooks] or default_notebooks(nbs)
    changed = []
    for fn in fns:
        if not fn.is_file(): sys.exit(f"{fn}: no such notebook")
        try: rel = fn.relative_to(nbs).as_posix()
        except ValueError: sys.exit(f"{fn}: not under {nbs}")
        text = fn.read_text(encoding='utf-8')
        try: new = nb2str(add_colab(json.loads(text), rel, s))
        except ValueError as e: sys.exit(f"{fn}: {e}")
        if new == text: continue
        changed.append(rel)
        if not a.check: fn.write_text(new, encoding='utf-8')
    verb = 'would change' if a.check else 'changed'
    print(f"{verb}: {', '.join(changed)}" if changed else f"unchanged: {len(fns)} notebook(s)")
    return 1 if a.check and changed else 0

if __name__ == '__main__': sys.exit(main())
