import json
from PIL import Image

def test_shapes_writes_a_grid_and_prints_captions(cli, tmp_path):
    out = tmp_path/'sub'/'grid.png'
    r = cli('shapes', '--n', 16, '--out', out)
    assert r.returncode == 0, r.stderr
    img = Image.open(out)
    assert img.width > 8*64 and img.height > 2*64          # 16 captioned tiles in 8 columns
    lines = r.stdout.strip().splitlines()
    assert len(lines) == 17 and lines[-1] == f'wrote {out}'
    from conceptedit.shapes import WORLD
    assert lines[3].split(None, 1)[1] == WORLD.sample(3).caption   # the printed captions are the drawn scenes'

def test_shapes_bad_input_names_the_problem(cli, tmp_path):
    r = cli('shapes', '--world', 'mars', '--out', tmp_path/'g.png')
    assert r.returncode == 2 and "unknown world 'mars'; choose one of: train, uniform" in r.stderr
    assert 'Traceback' not in r.stderr and not (tmp_path/'g.png').exists()
    r = cli('shapes', '--n', 0)
    assert r.returncode == 2 and '--n must be at least 1' in r.stderr

def test_unknown_command_lists_commands(cli):
    r = cli('paint')
    assert r.returncode == 2 and "unknown command 'paint'" in r.stderr and 'eval-reader' in r.stderr

def test_eval_reader_json(cli):
    r = cli('eval-reader', '--n', 300, '--json')
    assert r.returncode == 0, r.stderr
    acc = json.loads(r.stdout)
    assert acc['n'] == 300
    for k in ('shape', 'colour', 'size', 'position', 'background', 'style'):
        assert acc['clean'][k] >= 0.97, (k, acc['clean'][k])
        assert acc['degraded'][k] >= 0.9, (k, acc['degraded'][k])

def test_eval_reader_missing_file(cli, tmp_path):
    r = cli('eval-reader', '--reader', tmp_path/'nope.safetensors')
    assert r.returncode == 2 and 'no reader at' in r.stderr and 'train-reader' in r.stderr
