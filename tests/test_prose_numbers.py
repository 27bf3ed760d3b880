"Numbers come from outputs: the percentages a lesson's prose quotes are shown by that lesson's own outputs."
import sys
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT/'tools'))
from prose_numbers import check, prose_percentages, output_text

LESSONS = sorted((ROOT/'nbs').glob('[0-9]*.ipynb')) + [ROOT/'nbs'/'index.ipynb']

@pytest.mark.parametrize('nb', LESSONS, ids=lambda p: p.stem)
def test_quoted_percentages_are_in_the_outputs(nb):
    r = check(nb)
    if r['quoted'] == 0: return
    share = r['found']/r['quoted']
    assert share >= 0.9, f"{nb.name}: only {r['found']} of the {r['quoted']} percentages its prose quotes appear in its outputs ({share:.0%} < 90%); not shown: {' '.join(r['missing'])}"

def test_the_check_finds_what_is_missing():
    nb = {'cells': [{'cell_type': 'markdown', 'source': ['It draws 91.5% right, at a `10%` rate, 95% interval [90%, 93%].']},
                    {'cell_type': 'markdown', 'source': ['## What to try\n\nPredict 50%.']},
                    {'cell_type': 'code', 'source': [''], 'outputs': [{'output_type': 'stream', 'text': ['seen 91.5 %\n']}]}]}
    assert prose_percentages(nb) == ['91.5%', '90%', '93%'], prose_percentages(nb)   # not the code span, the level or the exercise
    assert '91.5 %' in output_text(nb)
