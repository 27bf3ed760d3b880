"""Mark (or unmark) the slow cells whose committed outputs come from an earlier tiny-shapes.

    python tools/mark_stale.py mark [NB ...] [--keep SUBSTR ...]   # every slow, non-cuda cell, except those containing a --keep string
    python tools/mark_stale.py unmark NB [--keep SUBSTR ...]        # after re-running: remove the mark (from the cells named, or all)
    python tools/mark_stale.py list                                 # the cells still marked

A marked cell starts, after its directives, with the line STALE below, so a reader of the notebook sees that its outputs
were not produced by the weights the package ships, and `list` gives the lessons' re-run its work."""
import json, sys, glob, argparse
from pathlib import Path

STALE = '# STALE: this output is from the previous tiny-shapes weights; re-run this cell on the shipped ones\n'
ROOT = Path(__file__).resolve().parents[1]

def cells(paths):
    for p in paths:
        nb = json.loads(Path(p).read_text())
        yield p, nb, [c for c in nb['cells'] if c['cell_type'] == 'code']

def is_slow(src:str)->bool: return '#| slow' in src and '#| cuda' not in src

def save(p, nb): Path(p).write_text(json.dumps(nb, indent=1, ensure_ascii=False) + '\n')

if __name__ == '__main__':
    a = argparse.ArgumentParser(); a.add_argument('what', choices=['mark', 'unmark', 'list']); a.add_argument('nbs', nargs='*')
    a.add_argument('--keep', nargs='*', default=[]); a = a.parse_args()
    paths = a.nbs or sorted(glob.glob(str(ROOT/'nbs'/'*.ipynb')))
    for p, nb, cs in cells(paths):
        changed = 0
        for c in cs:
            src = ''.join(c['source'])
            if not is_slow(src): continue
            kept = any(k in src for k in a.keep)
            if a.what == 'list':
                if STALE in src: print(f"{Path(p).name}: {src.replace(STALE, '').splitlines()[1][:100]}")
            elif a.what == 'mark' and STALE not in src and not kept:
                lines = src.splitlines(keepends=True); k = 0
                while k < len(lines) and lines[k].startswith('#|'): k += 1
                c['source'] = lines[:k] + [STALE] + lines[k:]; changed += 1
            elif a.what == 'unmark' and STALE in src and (kept or not a.keep):
                c['source'] = src.replace(STALE, '').splitlines(keepends=True); changed += 1
        if changed: save(p, nb); print(f'{Path(p).name}: {changed} cells {a.what}ed')
