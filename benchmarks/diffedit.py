"""Time one DiffEdit edit on tiny-shapes, ours against diffusers' `StableDiffusionDiffEditPipeline`, and compare masks.

    python benchmarks/diffedit.py [--threads 2] [--pairs 24]

Both edit the same shapes-world pairs (`diffedit.edit_pairs`: shape, colour and style changes), one image at a time,
as a user would, on the same tiny-shapes weights, with 50 DDIM steps, 10 noise draws for the mask at strength 0.5,
and the same encoding ratio. diffusers' pipeline is deprecated; it runs in three calls (`generate_mask`, `invert`,
`__call__`) with its own defaults otherwise (CFG 7.5 inside the mask too, and inversion conditioned on the source
prompt). Prints seconds per edit and the ratio, each one's mask IoU against the ground-truth union at latent
resolution, and each one's edit success read by the attribute reader. Issue 7 asks for <= 3 s per edit on 2 cores."""
import argparse, inspect, time, warnings, numpy as np, torch
from diffusers import StableDiffusionDiffEditPipeline, DDIMScheduler, DDIMInverseScheduler
from conceptedit.core import load_pipeline
from conceptedit.core import tensor_to_pil, pil_to_tensor
from conceptedit.shapes import load_reader, read
from conceptedit.diffedit import diffedit, edit_pairs, render_pair, iou, latent_truth

if __name__=='__main__':
    ap = argparse.ArgumentParser(); ap.add_argument('--threads', type=int, default=2); ap.add_argument('--pairs', type=int, default=24)
    a = ap.parse_args(); torch.set_num_threads(a.threads)
    warnings.filterwarnings('ignore')
    pipe = load_pipeline('tiny-shapes', device='cpu')
    r = inspect.signature(diffedit).parameters['r'].default            # our default encoding ratio, used by both
    dp = StableDiffusionDiffEditPipeline(vae=pipe.vae, text_encoder=pipe.text_encoder, tokenizer=pipe.tokenizer, unet=pipe.unet,
            scheduler=DDIMScheduler.from_config(pipe.scheduler.config), inverse_scheduler=DDIMInverseScheduler.from_config(pipe.scheduler.config),
            safety_checker=None, feature_extractor=None, requires_safety_checker=False)
    dp.set_progress_bar_config(disable=True)
    reader, f = load_reader(), pipe.vae_scale_factor
    rows = {'ours': [], 'diffusers': []}
    for p in edit_pairs(a.pairs):
        x, _, u = render_pair(p)
        truth = latent_truth(u[None], f)
        t0 = time.perf_counter(); e = diffedit(pipe, x, p.ref, p.query, r); t_ours = time.perf_counter()-t0
        rows['ours'].append((t_ours, iou(e.mask[:, 0] > 0.5, truth).item(), getattr(read(reader, e.images)[0], p.kind) == getattr(p.dst, p.kind)))
        img = tensor_to_pil(x)
        t0 = time.perf_counter()
        g = torch.Generator().manual_seed(0)
        m = dp.generate_mask(image=img, source_prompt=p.ref, target_prompt=p.query, num_maps_per_mask=10, mask_encode_strength=0.5, generator=g)
        lat = dp.invert(prompt=p.ref, image=img, inpaint_strength=r, generator=g).latents
        out = dp(prompt=p.query, mask_image=m, image_latents=lat, inpaint_strength=r, generator=g, output_type='pt').images
        t_d = time.perf_counter()-t0
        rows['diffusers'].append((t_d, iou(torch.from_numpy(m)[:, :, :] > 0.5, truth).item(), getattr(read(reader, out.float())[0], p.kind) == getattr(p.dst, p.kind)))
    (to, io, so), (td, idd, sdd) = (np.array(rows[k], dtype=float).mean(0) for k in ('ours', 'diffusers'))
    print(f'{a.pairs} pairs, r={r}, 50 steps, {a.threads} threads')
    print(f'  ours      {to:6.2f} s/edit   mask IoU (latent) {io:.3f}   edit success {so:.0%}')
    print(f'  diffusers {td:6.2f} s/edit   mask IoU (latent) {idd:.3f}   edit success {sdd:.0%}')
    print(f'  time ratio (diffusers / ours) {td/to:.2f}x')
