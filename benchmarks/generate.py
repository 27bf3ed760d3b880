"""Time `generate`: 16 images of tiny-shapes at 25 DDIM steps with classifier-free guidance.

    python benchmarks/generate.py [--threads 2] [--repeat 3]

Prints the seconds for the batched call that `generate` makes (all 16 images in one UNet batch, 32 with CFG) and,
as the baseline measured in the same run, the same 16 images made one pipeline call per image, as a loop over
prompts would; the ratio is the speed-up. Issue 3's target is <= 10 s on 2 CPU cores."""
import argparse, time, torch
from conceptedit.models import load_pipeline, generate

def best_of(f, repeat):
    ts = []
    for _ in range(repeat):
        t0 = time.perf_counter(); f(); ts.append(time.perf_counter()-t0)
    return min(ts)

if __name__=='__main__':
    p = argparse.ArgumentParser(); p.add_argument('--threads', type=int, default=2); p.add_argument('--repeat', type=int, default=3)
    p.add_argument('--n', type=int, default=16); p.add_argument('--steps', type=int, default=25)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    pipe = load_pipeline('tiny-shapes', device='cpu')
    prompt, seeds = 'a red circle on a white background', list(range(a.n))
    generate(pipe, prompt, seeds[:2], 2)                                   # warm up
    batched = best_of(lambda: generate(pipe, prompt, seeds, a.steps, 5.0), a.repeat)
    looped = best_of(lambda: [generate(pipe, prompt, [s], a.steps, 5.0) for s in seeds], max(1, a.repeat-2))
    x, y = generate(pipe, prompt, seeds, a.steps, 5.0), torch.cat([generate(pipe, prompt, [s], a.steps, 5.0) for s in seeds[:4]])
    print(f'torch {torch.__version__}, {torch.get_num_threads()} threads, {a.n} images x {a.steps} DDIM steps, CFG 5')
    print(f'batched (generate):      {batched:6.2f} s   ({a.n/batched:.1f} images/s)')
    print(f'baseline, one per call:  {looped:6.2f} s')
    print(f'speed-up: {looped/batched:.1f}x;  max |batched - per-image| on 4 images: {(x[:4]-y).abs().max():.1e}')
