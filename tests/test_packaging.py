"The package builds, ships its weights and its notebooks' settings, and the README tells the truth."
import configparser, re, subprocess, sys, zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

def test_wheel_ships_modules_and_weights(tmp_path):
    r = subprocess.run([sys.executable, '-m', 'pip', 'wheel', '--no-deps', '--no-build-isolation', '-q', '-w', str(tmp_path), str(ROOT)],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    whl, = tmp_path.glob('conceptedit-*.whl')
    names = set(zipfile.ZipFile(whl).namelist())
    for mod in ('core', 'shapes', 'ddpm', 'ddim', 'tiny_sd', 'guidance', 'metrics', 'textual_inversion', 'embedding_geometry', 'pivotal_tuning', 'diffedit', 'time_edit', 'demo', 'cli', '_modidx'): assert f'conceptedit/{mod}.py' in names
    A = 'conceptedit/assets/'
    for f in ('reader.safetensors', 'tiny-shapes/model_index.json', 'tiny-shapes/unet/diffusion_pytorch_model.safetensors',
              'tiny-shapes/vae/diffusion_pytorch_model.safetensors', 'tiny-shapes/text_encoder/model.safetensors',
              'tiny-shapes/tokenizer/vocab.json', 'tiny-shapes/tokenizer/merges.txt', 'tiny-shapes/scheduler/scheduler_config.json',
              'tiny-shapes-clip/open_clip_config.json', 'tiny-shapes-clip/tiny-shapes-clip.json',
              'tiny-shapes-clip/open_clip_model.safetensors', 'ti_hidden_tuning.json'):
        assert A+f in names, f
    ep = next(n for n in names if n.endswith('entry_points.txt'))
    assert 'conceptedit = conceptedit.cli:main' in zipfile.ZipFile(whl).read(ep).decode()

def test_settings():
    cfg = configparser.ConfigParser(delimiters=['=']); cfg.read(ROOT/'settings.ini')
    d = cfg['DEFAULT']
    assert d['tst_flags'].split() == ['notest', 'slow', 'cuda']
    reqs = d['requirements'].split()
    for pkg in ('torch', 'diffusers', 'transformers', 'fastcore'): assert any(r.startswith(pkg) for r in reqs), pkg
    assert re.search(r'fastcore[^ ]*<2', d['requirements'])
    assert 'nbdev>=2.4,<3' in d['dev_requirements'] and 'execnb<0.2' in d['dev_requirements']

def test_readme_has_the_two_commands_and_is_generated():
    text = (ROOT/'README.md').read_text()
    assert 'pip install -e . && conceptedit demo --out report/' in text
    assert 'pip install -e ".[dev]" && nbdev_test' in text and 'pytest tests' in text
    r = subprocess.run([sys.executable, str(ROOT/'tools'/'readme.py'), '--check'], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout

def test_no_skip_exec_and_every_notebook_tests_something():
    for nb in (ROOT/'nbs').glob('[0-9]*.ipynb'):
        src = nb.read_text()
        assert 'skip_exec' not in src, nb.name
        assert 'test_' in src or 'assert ' in src, f'{nb.name} tests nothing'

def test_github_workflows_run_ci_and_deploy_the_docs():
    "The GitHub workflows a user deploys: the tests run the same script as CI here; the docs deploy with nbdev's Quarto workflow."
    import yaml
    wf = ROOT/'.github'/'workflows'
    test = yaml.safe_load((wf/'test.yaml').read_text())
    steps = test['jobs']['test']['steps']
    assert any(s.get('run', '').strip() == 'bash .ci/run' for s in steps), steps
    deploy = yaml.safe_load((wf/'deploy.yaml').read_text())
    assert deploy['jobs']['deploy']['steps'] == [{'uses': 'fastai/workflows/quarto-ghp@master'}], deploy['jobs']
    assert deploy[True]['push']['branches'] == ['main'], deploy[True]
