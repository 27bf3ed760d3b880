"""Every notebook with code to run opens in Colab: a badge, a first code cell that installs the package, and, where it uses a model,
one setting (`MODEL`) that moves its GPU cells to a Stable Diffusion checkpoint. Those flagged cells are the only ones
that can need weights; every other cell runs offline on the shipped model (which CI proves by running them offline)."""
import json, re, os
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parents[1]
NBS = sorted((ROOT/'nbs').glob('*.ipynb'))
RUNNABLE = [nb for nb in NBS if any(c['cell_type'] == 'code' for c in json.loads(nb.read_text())['cells'])]   # not a record page, all prose
GIT_URL = re.search(r'^git_url\s*=\s*(\S+)', (ROOT/'settings.ini').read_text(), re.M).group(1)
REPO = GIT_URL.split('github.com/')[1]
DIRECTIVE = re.compile(r'^\s*#\|\s*([\w-]+)', re.M)
SETTING = re.compile(r"^MODEL = 'tiny-shapes'\s*(#.*)?$")
WITH_MODEL = {'02_ddpm', '03_ddim', '05_guidance', '06_metrics', '07_textual_inversion', '09_pivotal_tuning', '10_diffedit', '11_time_edit'}

def cells(nb): return json.loads(nb.read_text())['cells']
def src(c): return ''.join(c['source'])
def flags(c): return set(DIRECTIVE.findall(src(c)))

@pytest.mark.parametrize('nb', RUNNABLE, ids=lambda p: p.stem)
def test_badge_and_install_cell(nb):
    cs = cells(nb)
    badge = f'colab.research.google.com/github/{REPO}/blob/main/nbs/{nb.name}'
    assert any(badge in src(c) for c in cs[:4] if c['cell_type']=='markdown'), 'no Colab badge to this notebook at its top'
    first = next(c for c in cs if c['cell_type']=='code')
    assert src(first).startswith('#| echo: false\ntry: import conceptedit')      # shown in Colab, not in the docs and f'%pip install -q "conceptedit @ git+{GIT_URL}"' in src(first)

@pytest.mark.parametrize('nb', NBS, ids=lambda p: p.stem)
def test_flagged_cells_are_the_only_ones_that_need_weights(nb):
    cs = [c for c in cells(nb) if c['cell_type']=='code']
    settings = [i for i, c in enumerate(cs) if SETTING.match(src(c).strip())]
    gpu = [i for i, c in enumerate(cs) if 'cuda' in flags(c)]
    if nb.stem not in WITH_MODEL:
        assert not settings and not gpu and not any(re.search(r'\bMODEL\b', src(c)) for c in cs); return
    assert len(settings)==1 and len(gpu) >= 1 and settings[0] < gpu[0], 'one MODEL setting, before the GPU cells'
    for i, c in enumerate(cs):
        s = src(c)
        needs = bool(re.search(r'\bMODEL\b|allow_download=True(?=\s*[,)])', s))
        if i==settings[0] or flags(c) & {'export', 'exporti'}: continue     # library code defines, it does not run
        if 'cuda' in flags(c): assert needs and 'slow' in flags(c), f'cell {i}: a cuda cell uses MODEL and is flagged slow too'
        else: assert not needs, f'cell {i} uses MODEL or downloads, but is not flagged cuda:\n{s[:300]}'

def _run_gpu_cells(nb:Path):
    "Run what nbdev's docs build runs (exported and import cells), then the setting and the cuda cells: on tiny-shapes."
    from execnb.shell import CaptureShell
    sh = CaptureShell()
    for c in cells(nb):
        s = src(c)
        if c['cell_type']!='code' or 'nbdev_export()' in s or 'try: import conceptedit' in s: continue
        fl = flags(c)
        lines = [l for l in s.splitlines() if l.strip() and not l.lstrip().startswith('#')]
        imports_only = lines and all(l.startswith(('import ', 'from ')) for l in lines)
        if fl & {'export', 'exporti'} or 'default_exp' in fl or imports_only or SETTING.match(s.strip()) or 'cuda' in fl:
            outs = sh.run(s.replace('%matplotlib inline', ''))
            if sh.exc: raise AssertionError(f'{nb.name}: {s[:200]}') from sh.exc
            if 'cuda' in fl: _look_at(nb, outs)
    return sh

def _look_at(nb:Path, outs):
    "A GPU cell's figures must show images: not flat panels on a white page (NaN latents decode to black squares)."
    import base64, io
    import numpy as np
    from PIL import Image
    for o in outs or []:
        png = o.get('data', {}).get('image/png')
        if png: assert len(Image.open(io.BytesIO(base64.b64decode(png))).convert('RGB').getcolors(1 << 24)) > 200, f'{nb.name}: flat images'

@pytest.mark.parametrize('name', ['02_ddpm', '03_ddim', '05_guidance', '06_metrics', '10_diffedit', '11_time_edit'])
def test_gpu_cells_run_on_the_default_model(name, monkeypatch):
    monkeypatch.setenv('HF_HUB_OFFLINE', '1'); monkeypatch.setenv('CONCEPTEDIT_DEVICE', 'cpu')
    _run_gpu_cells(ROOT/'nbs'/f'{name}.ipynb')
