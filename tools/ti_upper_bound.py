"""An upper bound on what any word can make tiny-shapes draw: optimise the whole text conditioning (77 x d states).

    python tools/ti_upper_bound.py [--shape crescent] [--steps 600] [--lr 1e-2] [--gamma 0]

Textual inversion searches one input embedding; the text encoder maps it to 77 states the UNet attends to. Here the
77 states themselves are the parameters, started at those of 'a photo of a shape', trained on five filled renders of
the shape, then used to draw 64 images (DDIM 25 steps, CFG 5). The defaults are the strongest search found: the
paper's plain loss (`--gamma 0`; min-SNR-5, `--gamma 5`, weighs the noisiest steps, where the shape is decided, at
almost nothing) at a rate of 1e-2; with min-SNR-5 at 1e-3 for 1000 steps the bound was loose (9 crescents in 64).
If even this cannot select the shape, no word can: the limit is the frozen model's, not the method's. Prints the
reader's shape counts for 'a photo of a shape' and for the optimised conditioning, on the same 64 seeds (about
3 minutes on 2 cores)."""
import argparse, collections, torch
from diffusers import DDPMScheduler
from conceptedit.core import load_pipeline, encode_prompts
from conceptedit.tiny_sd import snr
from conceptedit.core import pil_to_tensor, decode_latents
from conceptedit.shapes import UNIFORM, load_reader, read
from conceptedit.ddim import Schedule, initial_latents, ddim_sample, guided_fn, cfg_guide
from conceptedit.textual_inversion import LatentCache

if __name__ == '__main__':
    p = argparse.ArgumentParser(); p.add_argument('--shape', default='crescent'); p.add_argument('--steps', type=int, default=600)
    p.add_argument('--lr', type=float, default=1e-2); p.add_argument('--bs', type=int, default=16)
    p.add_argument('--gamma', type=float, default=0., help='min-SNR-γ cap of the loss weight; 0 for the plain v loss'); a = p.parse_args()
    pipe = load_pipeline(device='cpu'); tok, te, unet = pipe.tokenizer, pipe.text_encoder, pipe.unet
    for m in (te, unet, pipe.vae): m.requires_grad_(False)
    sched = DDPMScheduler.from_config(pipe.scheduler.config); abar = sched.alphas_cumprod
    x = torch.stack([pil_to_tensor(UNIFORM.sample(i, shape=a.shape, style='filled').image) for i in range(5)])
    cache = LatentCache(pipe.vae, x)
    with torch.no_grad(): c0 = encode_prompts(tok, te, ['a photo of a shape'])
    C = torch.nn.Parameter(c0.clone()); opt = torch.optim.Adam([C], lr=a.lr)
    for step in range(a.steps):                                     # the loss of tiny_sd.diffusion_loss (v, plain or min-SNR-γ), on C
        g = torch.Generator().manual_seed(step); idx = torch.randint(5, (a.bs,), generator=g)
        z0 = cache.sample(idx, g); t = torch.randint(0, 1000, (a.bs,), generator=g); eps = torch.randn(z0.shape, generator=g)
        pred = unet(sched.add_noise(z0, eps, t), t, C.expand(a.bs, -1, -1)).sample
        s = snr(abar, t); loss = ((s.clamp(max=a.gamma)/(s+1) if a.gamma else 1.) * (pred-sched.get_velocity(z0, eps, t)).pow(2).mean((1,2,3))).mean()
        opt.zero_grad(); loss.backward(); opt.step()
    u = encode_prompts(tok, te, [''])
    @torch.no_grad()
    def draw(C):                                                    # 64 images from conditioning C, DDIM 25 steps, CFG 5: the reader's shape counts
        guided = guided_fn(pipe, C.expand(64, -1, -1), u.expand(64, -1, -1), cfg_guide(5.))
        imgs = decode_latents(pipe.vae, ddim_sample(guided, initial_latents(pipe, list(range(64))), Schedule.of(pipe, 25)))
        return collections.Counter(o.shape for o in read(load_reader(), imgs))
    for name, cond in (("'a photo of a shape'", c0), (f'optimised conditioning ({a.steps} steps, moved {(C-c0).norm():.2f})', C.detach())):
        shapes = draw(cond)
        print(f"{name}: {shapes[a.shape]}/64 {a.shape}s; all: {dict(shapes.most_common())}")
