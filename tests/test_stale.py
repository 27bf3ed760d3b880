"A slow cell whose outputs come from other weights says so where a reader sees it: a callout just above it, not only a comment in its source."
import sys, json
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT/'tools'))
from mark_stale import STALE, is_callout, mark, unmark, marked

NBS = sorted((ROOT/'nbs').glob('*.ipynb'))

@pytest.mark.parametrize('nb', NBS, ids=lambda p: p.stem)
def test_every_stale_cell_has_its_callout(nb):
    cells = json.loads(nb.read_text())['cells']
    bare = [''.join(c['source']).replace(STALE, '').splitlines()[1][:60] for i, c in enumerate(cells)
            if c['cell_type'] == 'code' and STALE in ''.join(c['source']) and not (i and is_callout(cells[i-1]))]
    assert not bare, f"{nb.name}: {len(bare)} stale cell(s) with no callout above them: {bare}"
    orphans = [i for i, c in enumerate(cells) if is_callout(c) and not (i+1 < len(cells) and STALE in ''.join(cells[i+1]['source']))]
    assert not orphans, f"{nb.name}: callout(s) at cell(s) {orphans} above no stale cell"

def _nb(): return {'cells': [{'cell_type': 'code', 'source': ['#| slow\n', 'x = 1\n'], 'outputs': []},
                             {'cell_type': 'code', 'source': ['y = 2\n'], 'outputs': []}]}

def test_mark_and_unmark_round_trip():
    nb = _nb()
    assert mark(nb) == 2 and len(nb['cells']) == 3 and is_callout(nb['cells'][0]), nb   # the mark and its callout
    assert marked(nb) == ['x = 1'], marked(nb)
    assert mark(nb) == 0, 'marking twice changed the notebook again'
    assert unmark(nb) == 1 and nb == _nb(), nb
