"""Every technique on Stable Diffusion's full-size architecture, random weights, on this CPU: time per step and peak memory.

    python benchmarks/sd_size.py [--versions 1.5 2.1] [--threads 2] [--json sd_size.json]

`core.sd_like_pipeline(version, width=None)` builds SD 1.5's or SD 2.1(-base)'s UNet, VAE and text encoder at their
published sizes (859.5M / 865.9M UNet parameters, `core.SD_PARAMS`) with random weights, in fp32. Each technique then runs
for a step or two at 512×512 (latents 64×64), the way a user's real checkpoint would run it:

- generate: DDIM with classifier-free guidance (each step a UNet pass on a batch of 2); per step from 1 and 3 steps;
- DDIM inversion and back (`ddim_round_trip`, 2 steps each way, guidance 1);
- textual inversion: 2 optimiser steps, batch 1 (forward and backward through the UNet and the text encoder);
- pivotal tuning: 1 step of stage 1 and 1 of the LoRA stage, batch 1;
- DiffEdit: the mask from 2 noise draws, then 2 decoding steps;
- TIME: one closed-form edit of every cross-attention key and value projection.

Peak memory is the process's resident peak during the technique (`VmHWM`, reset before each), and `over weights` is
that peak less the resident size with the pipeline loaded. The fp16 GPU estimate beside it is the pipeline's weights in
fp16 (2 bytes a parameter) plus half the memory measured over the weights (activations, gradients and optimiser
state, which halve in fp16; the trainable parameters, a few rows or a LoRA, are negligible either way) plus 0.5 GB for
the CUDA context. It is an estimate from a CPU run (the CPU's attention kernels are not the GPU's), to compare with a
T4's 15 GB; `benchmarks/gpu_check.py` measures the real figure on a GPU."""
import argparse, json, os, time, warnings
import torch
from conceptedit.core import sd_like_pipeline, SD_PARAMS
from conceptedit.ddim import generate, ddim_round_trip
from conceptedit.textual_inversion import textual_inversion, unload_embeds
from conceptedit.pivotal_tuning import pivotal_tuning, remove_pivotal
from conceptedit.diffedit import diffedit
from conceptedit.time_edit import time_edit, undo_time_edit

T4_GB = 15.0
quiet = lambda *a: None

def rss(field:str)->float:
    "This process's `VmRSS` or `VmHWM` (its peak), in GB."
    for line in open('/proc/self/status'):
        if line.startswith(field+':'): return int(line.split()[1])/2**20
    raise RuntimeError(f'no {field} in /proc/self/status')

def reset_peak():
    "Start a new resident peak (Linux: writing 5 to clear_refs resets VmHWM)."
    with open('/proc/self/clear_refs', 'w') as f: f.write('5')

def measured(f):
    "(seconds, peak GB) of `f()`."
    reset_peak(); t0 = time.perf_counter(); f(); return time.perf_counter()-t0, rss('VmHWM')

def techniques(pipe, x:torch.Tensor)->dict:
    "name -> (a function running it, how many steps it times)."
    def ti(): textual_inversion(pipe, x, '<c>', 'shape', steps=2, bs=1, log=quiet); unload_embeds(pipe)
    def pti(): pivotal_tuning(pipe, x, '<d>', 'shape', ti_steps=1, tune_steps=1, bs=1, reg=0., log=quiet); remove_pivotal(pipe)
    def time_(): time_edit(pipe, 'a circle', 'a blue circle'); undo_time_edit(pipe)
    return {'generate, 1 step': (lambda: generate(pipe, 'a red circle', [0], steps=1), 1),
            'generate, 3 steps': (lambda: generate(pipe, 'a red circle', [0], steps=3), 3),
            'DDIM inversion and back': (lambda: ddim_round_trip(pipe, x, ['a red circle'], steps=2, r=1.), 4),
            'textual inversion': (ti, 2), 'pivotal tuning': (pti, 2),
            'DiffEdit': (lambda: diffedit(pipe, x, 'a red circle', 'a blue circle', steps=2, n=2, r=1.), 4),
            'TIME': (time_, 1)}

def run(version:str)->dict:
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        pipe = sd_like_pipeline(version, width=None)
    n_params = sum(SD_PARAMS[version].values())
    base = rss('VmRSS')
    x = torch.rand(1, 3, 512, 512, generator=torch.Generator().manual_seed(0))
    out = dict(version=version, parameters=n_params, weights_fp32_gb=4*n_params/2**30, resident_gb=base, rows={})
    for name, (f, steps) in techniques(pipe, x).items():
        sec, peak = measured(f)
        over = max(peak-base, 0.)
        est = 2*n_params/2**30 + over/2 + 0.5
        out['rows'][name] = dict(seconds=sec, steps=steps, peak_gb=peak, over_weights_gb=over, fp16_gpu_estimate_gb=est)
        print(f'  {name:26}{sec:8.1f} s{sec/steps:8.1f} s/step{peak:8.1f} GB{over:8.1f} GB{est:8.1f} GB  {"fits" if est <= T4_GB else "over"} a T4', flush=True)
    g1, g3 = out['rows']['generate, 1 step']['seconds'], out['rows']['generate, 3 steps']['seconds']
    out['generate_s_per_step'] = (g3-g1)/2
    print(f'  generate: {(g3-g1)/2:.1f} s per guided step (from 1 and 3 steps)')
    return out

if __name__=='__main__':
    p = argparse.ArgumentParser(); p.add_argument('--versions', nargs='+', default=['1.5', '2.1'])
    p.add_argument('--threads', type=int, default=2); p.add_argument('--json', default=None)
    a = p.parse_args()
    torch.set_num_threads(a.threads); os.environ.setdefault('CONCEPTEDIT_PROGRESS', '0')
    print(f'torch {torch.__version__}, {torch.get_num_threads()} threads, fp32 on the CPU, 512x512')
    print(f"  {'technique':26}{'time':>10}{'per step':>14}{'peak':>11}{'over weights':>13}{'fp16 GPU est.':>14}")
    res = []
    for v in a.versions:
        print(f'SD {v} ({sum(SD_PARAMS[v].values())/1e6:.0f}M parameters)'); res.append(run(v))
    if a.json: open(a.json, 'w').write(json.dumps(res, indent=1))
