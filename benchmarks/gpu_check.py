"""The GPU check: every technique on Stable Diffusion's full-size architecture (random weights) in fp16 on CUDA.

    python benchmarks/gpu_check.py [--versions 1.5 2.1] [--json gpu_check.json]
    python benchmarks/gpu_check.py --device cpu --dtype float32 --width 16 --res 64 --steps 4   # a smoke test of this script

Run it whenever a GPU is lent. For each SD version it prints and writes to JSON:
- generation at 512 px, batch 1, DDIM with classifier-free guidance: `ddim.generate`'s steps per second, and diffusers'
  own `StableDiffusionPipeline.__call__` on the same modules, with the ratio (above 1: ours is faster);
- one textual-inversion step (batch 1) against diffusers' recipe (`diffusers_recipe.diffusers_ti`, the loop of
  `examples/textual_inversion/textual_inversion.py`), seconds per step and the ratio;
- one pivotal-tuning step (stage 1 and LoRA stage), one DiffEdit edit (`steps` DDIM steps), one TIME edit;
- the peak GPU memory of each (`torch.cuda.max_memory_allocated`), beside a T4's 15 GB.
A step's time is the difference of two runs (`k` and `k + 10` steps, `--more`) over 10, so set-up is not counted."""
import argparse, json, time, warnings
import torch
from conceptedit.core import sd_like_pipeline
from conceptedit.ddim import generate
from conceptedit.textual_inversion import textual_inversion, unload_embeds
from conceptedit.pivotal_tuning import pivotal_tuning, remove_pivotal
from conceptedit.diffedit import diffedit
from conceptedit.time_edit import time_edit, undo_time_edit
from diffusers_recipe import diffusers_ti

quiet = lambda *a: None

def sync(device):
    if device.type == 'cuda': torch.cuda.synchronize(device)

def timed(device, f)->tuple[float, float]:
    "(seconds, peak GB of GPU memory or nan) of `f()`."
    if device.type == 'cuda': torch.cuda.reset_peak_memory_stats(device)
    sync(device); t0 = time.perf_counter(); f(); sync(device)
    return time.perf_counter()-t0, (torch.cuda.max_memory_allocated(device)/2**30 if device.type == 'cuda' else float('nan'))

MORE = 10

def per_step(device, f, k:int=2, more:int|None=None, reps:int=3)->tuple[float, float]:
    "(seconds per step from runs of `k` and `k`+`more` steps, each the fastest of `reps` interleaved runs, as timeit does; peak GB) of `f(steps)`."
    more, a, b, peak = more or MORE, float('inf'), float('inf'), float('nan')
    for _ in range(reps):                                  # the fastest run is the least disturbed by whatever else the machine runs
        a = min(a, timed(device, lambda: f(k))[0])
        t, peak = timed(device, lambda: f(k+more)); b = min(b, t)
    return (b-a)/more, peak

def check(version:str, a)->dict:
    device, dtype = torch.device(a.device), getattr(torch, a.dtype)
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        pipe = sd_like_pipeline(version, width=a.width).to(device, dtype)
    pipe.set_progress_bar_config(disable=True)
    x = torch.rand(1, 3, a.res, a.res, generator=torch.Generator().manual_seed(0))
    r = dict(version=version, device=torch.cuda.get_device_name(device) if device.type == 'cuda' else 'cpu', dtype=a.dtype,
             width=a.width or 'full', res=a.res)
    def ours_gen(n): generate(pipe, 'a red circle', [0], steps=n, res=a.res)
    def diffusers_gen(n): pipe('a red circle', num_inference_steps=n, height=a.res, width=a.res, guidance_scale=5.,
                               generator=torch.Generator(device).manual_seed(0), output_type='pt')
    ours_gen(2); diffusers_gen(2)                                          # warm up
    (s_ours, peak), (s_diff, _) = per_step(device, ours_gen), per_step(device, diffusers_gen)
    r['generate'] = dict(it_per_s=1/s_ours, diffusers_it_per_s=1/s_diff, ratio=s_diff/s_ours, peak_gb=peak)
    def ti(n): textual_inversion(pipe, x, '<c>', 'shape', steps=n, bs=1, log=quiet); unload_embeds(pipe)
    s_ti, peak = per_step(device, ti)
    _, s_recipe = diffusers_ti(pipe, x, '<d>', 'shape', steps=MORE, bs=1); unload_embeds(pipe)
    r['textual_inversion'] = dict(s_per_step=s_ti, diffusers_s_per_step=s_recipe, ratio=s_recipe/s_ti, peak_gb=peak)
    def pti(n): pivotal_tuning(pipe, x, '<p>', 'shape', ti_steps=n//2, tune_steps=n-n//2, bs=1, log=quiet); remove_pivotal(pipe)
    s_pti, peak = per_step(device, pti)
    r['pivotal_tuning'] = dict(s_per_step=s_pti, peak_gb=peak)
    s, peak = timed(device, lambda: diffedit(pipe, x, 'a red circle', 'a blue circle', steps=a.steps))
    r['diffedit'] = dict(seconds=s, steps=a.steps, peak_gb=peak)
    s, peak = timed(device, lambda: time_edit(pipe, 'a circle', 'a blue circle')); undo_time_edit(pipe)
    r['time_edit'] = dict(seconds=s, peak_gb=peak)
    return r

if __name__=='__main__':
    p = argparse.ArgumentParser()
    p.add_argument('--versions', nargs='+', default=['1.5', '2.1']); p.add_argument('--device', default='cuda')
    p.add_argument('--dtype', default='float16'); p.add_argument('--width', type=int, default=None)
    p.add_argument('--res', type=int, default=512); p.add_argument('--steps', type=int, default=50)
    p.add_argument('--json', default='gpu_check.json'); p.add_argument('--more', type=int, default=10, help='steps a step time is taken over')
    a = p.parse_args(); MORE = a.more
    if a.device.startswith('cuda') and not torch.cuda.is_available(): raise SystemExit('no CUDA GPU here; pass --device cpu for a smoke test')
    out = []
    for v in a.versions:
        r = check(v, a); out.append(r)
        g, t = r['generate'], r['textual_inversion']
        print(f"SD {v} on {r['device']}, {a.dtype}, {a.res} px:")
        print(f"  generate        {g['it_per_s']:7.2f} it/s  (diffusers {g['diffusers_it_per_s']:.2f} it/s, ratio {g['ratio']:.2f}x)  peak {g['peak_gb']:.1f} GB")
        print(f"  TI step         {t['s_per_step']*1e3:7.0f} ms    (diffusers' recipe {t['diffusers_s_per_step']*1e3:.0f} ms, ratio {t['ratio']:.2f}x)  peak {t['peak_gb']:.1f} GB")
        print(f"  PTI step        {r['pivotal_tuning']['s_per_step']*1e3:7.0f} ms  peak {r['pivotal_tuning']['peak_gb']:.1f} GB")
        print(f"  DiffEdit edit   {r['diffedit']['seconds']:7.2f} s ({a.steps} steps)  peak {r['diffedit']['peak_gb']:.1f} GB")
        print(f"  TIME edit       {r['time_edit']['seconds']:7.2f} s  peak {r['time_edit']['peak_gb']:.1f} GB   (a T4 has 15 GB)")
    open(a.json, 'w').write(json.dumps(out, indent=1)); print(f'wrote {a.json}')
