"""The GPU check is ready for a lent GPU: run here on the CPU at a small width, it goes through every technique and
writes its JSON (its figures mean nothing here; on CUDA in fp16 at full size they are the check)."""
import json, os, subprocess, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

def test_gpu_check_runs_every_technique(tmp_path):
    out = tmp_path/'gpu_check.json'
    r = subprocess.run([sys.executable, 'benchmarks/gpu_check.py', '--device', 'cpu', '--dtype', 'float32', '--width', '16',
                        '--res', '64', '--steps', '2', '--more', '2', '--versions', '1.5', '--json', str(out)],
                       cwd=ROOT, capture_output=True, text=True, timeout=900, env={**os.environ, 'CONCEPTEDIT_PROGRESS': '0'})
    assert r.returncode == 0, r.stderr[-3000:]
    res = json.loads(out.read_text())
    assert [x['version'] for x in res] == ['1.5']
    for k in ('generate', 'textual_inversion', 'pivotal_tuning', 'diffedit', 'time_edit'): assert k in res[0], f'no {k} in {list(res[0])}'
    assert res[0]['generate']['diffusers_it_per_s'] > 0 and res[0]['textual_inversion']['diffusers_s_per_step'] > 0
    assert 'TI step' in r.stdout and 'DiffEdit edit' in r.stdout, r.stdout
