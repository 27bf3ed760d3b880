"""How clean a VAE's round trip leaves each background: encode and decode 100 fresh renders per background, then
`tiny_sd.clean_background` (the share of the pixels away from the object within 0.05 of the background colour).

    python tools/vae_round_trip.py tiny-shapes runs/old/conceptedit/assets/tiny-shapes runs/vae/dec_k1
    python tools/vae_round_trip.py tiny-shapes --n 100 --seed0 900000

Each argument is a pipeline folder (or 'tiny-shapes') or a diffusers `AutoencoderKL` folder. Prints, per background,
the mean clean share and the share of renders at least 99% clean. The decoders on the `recipe` page were made with
`train_vae(2000, seed=0)` (its encoder is the shipped one, bit for bit) and then `finetune_decoder(vae, steps, seed=0, k=k)`."""
import argparse, torch
from pathlib import Path
from diffusers import AutoencoderKL
from conceptedit.core import load_pipeline, pil_to_tensor, encode_latents, decode_latents
from conceptedit.tiny_sd import clean_background
from conceptedit.shapes import UNIFORM, BACKGROUNDS

def load_vae(name:str):
    if name != 'tiny-shapes' and (Path(name)/'config.json').exists(): return AutoencoderKL.from_pretrained(name).eval()
    return load_pipeline(name, device='cpu', dtype=torch.float32).vae

@torch.no_grad()
def round_trip(vae, n:int=100, seed0:int=900_000)->dict:
    out = {}
    for bg in BACKGROUNDS:
        x = torch.stack([pil_to_tensor(UNIFORM.sample(seed0+i, background=bg).image) for i in range(n)])
        cb = clean_background(decode_latents(vae, encode_latents(vae, x)).clamp(0, 1))
        out[bg] = (cb.mean().item(), (cb >= 0.99).float().mean().item())
    return out

if __name__ == '__main__':
    p = argparse.ArgumentParser(); p.add_argument('vaes', nargs='+'); p.add_argument('--n', type=int, default=100)
    p.add_argument('--seed0', type=int, default=900_000); a = p.parse_args()
    print(f"{a.n} fresh renders per background (seeds {a.seed0}-{a.seed0+a.n-1}): mean clean share / share >= 99% clean")
    for name in a.vaes:
        r = round_trip(load_vae(name), a.n, a.seed0)
        print(f"{name[-44:]:44}" + ''.join(f"{bg:>7} {m:.4f} / {s:4.0%}" for bg, (m, s) in r.items()))
