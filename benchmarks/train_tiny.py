"""Time a step of tiny-shapes' UNet training (`tiny_sd.train_tiny_unet`) against the same step as first written.

    python benchmarks/train_tiny.py [--steps 40] [--threads 2]

The baseline, measured in the same run, is the step before two changes that leave the arithmetic alone: AdamW's
default update instead of its fused kernel, and each batch VAE-encoded in the default memory layout instead of by a
channels-last copy of the frozen VAE. Both run the recipe's refine stage (v at zero terminal SNR, batch 32, the same
data and noise) from the shipped weights, setup included. Prints seconds per step and the ratio, then the batch's
VAE encoding alone both ways. `conceptedit train-tiny` runs 9,500 such steps."""
import argparse, copy, time, torch
from diffusers import DDPMScheduler
from conceptedit.core import load_pipeline
from conceptedit.tiny_sd import train_tiny_unet, scheduler_config, diffusion_loss, EMA
from conceptedit.shapes import WORLD
from conceptedit.core import encode_latents, pil_to_tensor

def batch(step, bs=32, seed=0, step0=5500):
    ss = [WORLD.sample(int(s)) for s in 40*10**7 + seed*10**7 + (step0+step)*bs + torch.arange(bs)]
    return ss, torch.stack([pil_to_tensor(s.image) for s in ss])

def ours(pipe, steps):
    t0 = time.perf_counter()
    train_tiny_unet(pipe.vae, steps, lr=3e-4, zero_snr=True, init=(pipe.text_encoder, pipe.unet), step0=5500, snr_floor=0.1, log=lambda *a: None)
    return time.perf_counter()-t0

def baseline(pipe, steps, bs=32, lr=3e-4, seed=0, step0=5500, p_uncond=0.1):
    "train_tiny_unet's loop as first written: default AdamW, the VAE encoding in its own layout."
    t0 = time.perf_counter()
    te, unet = (copy.deepcopy(m).float().requires_grad_(True) for m in (pipe.text_encoder, pipe.unet))
    unet = unet.to(memory_format=torch.channels_last)
    ema, sched, vae = EMA(unet), DDPMScheduler.from_config(scheduler_config(True)), pipe.vae.eval().requires_grad_(False)
    opt = torch.optim.AdamW([*te.parameters(), *unet.parameters()], lr=lr, weight_decay=1e-2)
    lrs = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lr, total_steps=steps, pct_start=0.05)
    for step in range(steps):
        if step: ema.update(unet, step)
        g = torch.Generator().manual_seed(seed*10**7+step0+step)
        ss, x = batch(step, bs, seed, step0)
        z0 = encode_latents(vae, x)
        prompts = ['' if d else s.caption for s,d in zip(ss, torch.rand(bs, generator=g) < p_uncond)]
        loss = diffusion_loss(unet, te, pipe.tokenizer, sched, z0, prompts, g, snr_floor=0.1)
        opt.zero_grad(); loss.backward(); opt.step(); lrs.step()
    return time.perf_counter()-t0

if __name__=='__main__':
    p = argparse.ArgumentParser(); p.add_argument('--steps', type=int, default=40); p.add_argument('--threads', type=int, default=2)
    a = p.parse_args(); torch.set_num_threads(a.threads)
    pipe = load_pipeline('tiny-shapes', device='cpu', dtype=torch.float32)
    ours(pipe, 12); baseline(pipe, 12)                                           # warm up
    t_base, t_ours = baseline(pipe, a.steps), ours(pipe, a.steps)
    print(f'torch {torch.__version__}, {torch.get_num_threads()} threads, tiny-shapes refine stage, batch 32, {a.steps} steps each')
    print(f'as first written: {t_base/a.steps:.3f} s/step')
    print(f'train_tiny_unet:  {t_ours/a.steps:.3f} s/step   -> 9,500 UNet steps in {9500*t_ours/a.steps/60:.0f} min')
    print(f'speed-up: {t_base/t_ours:.2f}x')
    _, x = batch(0); vae = pipe.vae.eval(); vcl = copy.deepcopy(vae).to(memory_format=torch.channels_last); xcl = x.contiguous(memory_format=torch.channels_last)
    def tm(f, n=20):
        f(); t0 = time.perf_counter(); [f() for _ in range(n)]; return (time.perf_counter()-t0)/n
    te_, tc = tm(lambda: encode_latents(vae, x)), tm(lambda: encode_latents(vcl, xcl))
    print(f'VAE encoding of the batch: {1e3*te_:.0f} ms in the default layout, {1e3*tc:.0f} ms channels-last ({te_/tc:.2f}x); '
          f'latents differ by at most {(encode_latents(vae, x)-encode_latents(vcl, xcl)).abs().max():.1e}')
