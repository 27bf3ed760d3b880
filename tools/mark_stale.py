"""Mark (or unmark) the slow cells whose committed outputs come from an earlier tiny-shapes.

    python tools/mark_stale.py mark [NB ...] [--keep SUBSTR ...]   # every slow, non-cuda cell, except those containing a --keep string
    python tools/mark_stale.py unmark NB [--keep SUBSTR ...]        # after re-running: remove the mark (from the cells named, or all)
    python tools/mark_stale.py list                                 # the cells still marked

A marked cell starts, after its directives, with the line STALE below, and has a one-line callout (CALLOUT) in a markdown
cell just above it, so a reader of the rendered page, of the notebook and of the source sees that its outputs were not
produced by the weights the package ships; `list` gives the lessons' re-run its work. `unmark` removes both."""
import json, sys, glob, argparse
from pathlib import Path

STALE = '# STALE: this output is from the previous tiny-shapes weights; re-run this cell on the shipped ones\n'
CALLOUT = ('::: {.callout-warning}\nThe output of the next cell was computed with an earlier version of the tiny-shapes weights, '
           'not the ones this version of the package ships; its figures may differ when the cell is run again.\n:::')
ROOT = Path(__file__).resolve().parents[1]

def is_callout(c)->bool: return c['cell_type'] == 'markdown' and ''.join(c['source']).strip() == CALLOUT
def is_slow(src:str)->bool: return '#| slow' in src and '#| cuda' not in src
def save(p, nb): Path(p).write_text(json.dumps(nb, indent=1, ensure_ascii=False) + '\n')

def callout_cell(): return {'cell_type': 'markdown', 'metadata': {}, 'source': CALLOUT.splitlines(keepends=True)}

def mark(nb, keep=())->int:
    "Mark every slow cell of `nb` not kept, and give each marked cell its callout; the number of cells changed."
    out, n = [], 0
    for c in nb['cells']:
        src = ''.join(c['source']) if c['cell_type'] == 'code' else ''
        if c['cell_type'] == 'code' and is_slow(src) and STALE not in src and not any(k in src for k in keep):
            lines = src.splitlines(keepends=True); k = 0
            while k < len(lines) and lines[k].startswith('#|'): k += 1
            c['source'] = lines[:k] + [STALE] + lines[k:]; n += 1
        if c['cell_type'] == 'code' and STALE in ''.join(c['source']) and not (out and is_callout(out[-1])): out.append(callout_cell()); n += 1
        out.append(c)
    nb['cells'] = out
    return n

def unmark(nb, keep=())->int:
    "Remove the mark, and its callout, from the marked cells (those containing a `keep` string, or all)."
    out, n = [], 0
    for c in nb['cells']:
        src = ''.join(c['source'])
        if c['cell_type'] == 'code' and STALE in src and (not keep or any(k in src for k in keep)):
            c['source'] = src.replace(STALE, '').splitlines(keepends=True); n += 1
            if out and is_callout(out[-1]): out.pop()
        out.append(c)
    nb['cells'] = out
    return n

def marked(nb)->list[str]:
    "The first line of each marked cell's code."
    return [''.join(c['source']).replace(STALE, '').splitlines()[1][:100] for c in nb['cells'] if c['cell_type'] == 'code' and STALE in ''.join(c['source'])]

if __name__ == '__main__':
    a = argparse.ArgumentParser(); a.add_argument('what', choices=['mark', 'unmark', 'list']); a.add_argument('nbs', nargs='*')
    a.add_argument('--keep', nargs='*', default=[]); a = a.parse_args()
    for p in a.nbs or sorted(glob.glob(str(ROOT/'nbs'/'*.ipynb'))):
        nb = json.loads(Path(p).read_text())
        if a.what == 'list':
            for l in marked(nb): print(f'{Path(p).name}: {l}')
            continue
        n = mark(nb, a.keep) if a.what == 'mark' else unmark(nb, a.keep)
        if n: save(p, nb); print(f'{Path(p).name}: {n} cells {a.what}ed')
