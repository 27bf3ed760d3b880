"""Training through accelerate, as a user runs it: `accelerate launch --cpu --num_processes 2 -m conceptedit.cli invert`.

Two processes, each computing half of every batch, take the steps one process takes on the whole batch: the same
losses and the same learned row, to float rounding (the UNet runs on batches of 2 instead of 4, so its sums are taken
in another order). The run writes its file once, and a two-process run stopped and started again ends where the
uninterrupted one does. Gradient accumulation splits a batch the same way within one process."""
import os, re, socket, subprocess, sys
from pathlib import Path
import pytest, torch
from safetensors.torch import load_file
from conceptedit.core import tensor_to_pil, load_pipeline
from conceptedit.shapes import concept_renders

ACCELERATE = Path(sys.executable).parent/'accelerate'
LOSS_TOL, ROW_TOL = 2e-6, 1e-6    # the losses are logged to 6 decimals; measured here: two processes equal to the last bit, accumulation 7e-9 apart

def free_port()->int:
    with socket.socket() as s: s.bind(('127.0.0.1', 0)); return s.getsockname()[1]

@pytest.fixture(scope='module')
def images(tmp_path_factory):
    d = tmp_path_factory.mktemp('blue-star')
    for i, x in enumerate(concept_renders(4, shape='star', colour='blue')): tensor_to_pil(x).save(d/f'{i}.png')
    return d

def invert(images:Path, out:Path, steps:int, processes:int=1, *flags:str)->tuple[torch.Tensor, list[float], str]:
    "Run `conceptedit invert` (through `accelerate launch` for several processes): (the learned row, the logged losses, stderr)."
    cli = ['-m', 'conceptedit.cli', 'invert', str(images), '--token', '<bs>', '--init', 'star', '--steps', str(steps), '--bs', '4',
           '--lr', '1e-3', '--out', str(out), '--device', 'cpu', '--log_every', '1', *flags]
    launch = [str(ACCELERATE), 'launch', '--cpu', '--num_processes', str(processes), '--num_machines', '1', '--mixed_precision', 'no',
              '--dynamo_backend', 'no', '--main_process_port', str(free_port())]
    cmd = launch + cli if processes > 1 else [sys.executable] + cli
    env = {**os.environ, 'OMP_NUM_THREADS': '1', 'CONCEPTEDIT_PROGRESS': '0', 'HF_HUB_OFFLINE': '1'}
    r = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=900)
    assert r.returncode == 0, f'{" ".join(cmd)}\n{r.stderr[-4000:]}'
    return load_file(str(out))['<bs>'], [float(v) for v in re.findall(r'step \d+/\d+  loss ([\d.]+)', r.stderr)], r.stderr

def test_two_processes_take_the_steps_of_one(images, tmp_path):
    row1, loss1, _ = invert(images, tmp_path/'one.safetensors', 6)
    row2, loss2, err = invert(images, tmp_path/'two.safetensors', 6, 2)
    assert len(loss1) == len(loss2) == 6, (loss1, loss2)
    assert err.count('wrote ') == 1, f'the file should be written once, by the main process:\n{err[-2000:]}'
    gap = max(abs(a-b) for a, b in zip(loss1, loss2))
    assert gap <= LOSS_TOL, f'loss curves differ by {gap:.2e} (> {LOSS_TOL}): one process {loss1}, two {loss2}'
    assert (row1-row2).abs().max() <= ROW_TOL, f'the learned rows differ by {(row1-row2).abs().max():.2e} (> {ROW_TOL})'
    assert (row1-load_file(str(tmp_path/'one.safetensors'))['<bs>']).abs().max() == 0
    pipe = load_pipeline(device='cpu'); E = pipe.text_encoder.get_input_embeddings().weight.detach()
    star = E[pipe.tokenizer('star', add_special_tokens=False).input_ids[0]]
    assert (row1[0]-star).abs().max() > 100*ROW_TOL, 'the row did not move from its initializer: the comparison would find nothing'
    rowa, _, _ = invert(images, tmp_path/'accum.safetensors', 6, 1, '--grad_accum', '2')
    assert (rowa-row1).abs().max() <= ROW_TOL, f'with --grad_accum 2 the row differs by {(rowa-row1).abs().max():.2e}'

def test_two_processes_resume(images, tmp_path):
    full, loss_full, _ = invert(images, tmp_path/'full.safetensors', 6, 2)
    ck = tmp_path/'run.ckpt.pt'
    invert(images, tmp_path/'part.safetensors', 3, 2, '--ckpt', str(ck))
    resumed, loss_rest, err = invert(images, tmp_path/'part.safetensors', 6, 2, '--ckpt', str(ck))
    assert 'resumed from' in err and 'at step 3' in err, err[-2000:]
    assert len(loss_rest) == 3, loss_rest
    gap = max(abs(a-b) for a, b in zip(loss_full[3:], loss_rest))
    assert gap <= LOSS_TOL, f'the resumed steps differ by {gap:.2e}: {loss_full[3:]} against {loss_rest}'
    assert (full-resumed).abs().max() <= ROW_TOL, f'the resumed run ends {(full-resumed).abs().max():.2e} from the uninterrupted one'
