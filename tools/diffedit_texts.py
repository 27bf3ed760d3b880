"""What limits DiffEdit's success on tiny-shapes, on the tuning pairs (`edit_pairs(N, seed=0)`, noise seed 0): the texts,
the strength, the guidance and the threshold. Without the paper's latent paste, the decoded image does not depend on the
mask, so each (texts, r, g) is decoded once and every threshold is applied to it by the overlay alone.

    python tools/diffedit_texts.py [--pairs 240] [--seed 0]     # about 45 minutes on 2 CPU cores for 240 pairs

'object' texts name the object only ("a filled red circle"); 'scene' texts name the whole scene, as `describe` does
("a large filled red circle in the top left on a gray background"). For each, SDEdit at the same strength and the same
query is the baseline. Prints, per setting, SDEdit's success and background PSNR, DiffEdit's success as decoded, and
with the overlay at thresholds 0.5 and 0.6: pixel IoU, success (by kind) and the background gain over SDEdit."""
import argparse, numpy as np, torch
from conceptedit.core import load_pipeline, encode_latents, a_an
from conceptedit.diffedit import describe, edit_pairs, render_pair, mask_map, binarise, pixel_mask, diffedit, sdedit, paste_outside, masked_psnr, iou, EDIT_KINDS
from conceptedit.shapes import load_reader, read

TEXTS = dict(object=lambda a: a_an(f'{a.style} {a.colour} {a.shape}'),   # the object only, as 10's "What the texts name" writes them
             scene=describe)                                              # the library's texts: the whole scene

def batched(f, n, bs=40): return torch.cat([f(slice(k, k+bs)) for k in range(0, n, bs)])

if __name__ == '__main__':
    p = argparse.ArgumentParser(); p.add_argument('--pairs', type=int, default=240); p.add_argument('--seed', type=int, default=0); a = p.parse_args()
    pipe, reader, pairs = load_pipeline(device='cpu'), load_reader(), edit_pairs(a.pairs, seed=a.seed)
    kinds = np.array([q.kind for q in pairs])
    xs, _, us = map(torch.stack, zip(*[render_pair(q) for q in pairs]))
    z0 = encode_latents(pipe.vae, xs).float()
    def ok(imgs): got = read(reader, imgs); return np.array([getattr(g, q.kind) == getattr(q.dst, q.kind) for g, q in zip(got, pairs)], float)
    for name, txt in TEXTS.items():
        refs, queries = [txt(q.src) for q in pairs], [txt(q.dst) for q in pairs]
        soft = binarise(batched(lambda s: mask_map(pipe, z0[s], refs[s], queries[s], seed=a.seed), len(pairs)), soft=True)
        for r, g in ((0.7, 7.5), (0.8, 7.5), (0.7, 5.)):
            sd = batched(lambda s: sdedit(pipe, xs[s], queries[s], r, g=g, seed=a.seed).images, len(pairs))
            dec = batched(lambda s: diffedit(pipe, xs[s], refs[s], queries[s], r, g=g, seed=a.seed, mask=soft[s], overlay=False).images, len(pairs))
            bg_sd = masked_psnr(sd, xs, ~us)
            print(f"{name} texts, r={r} g={g}: SDEdit success {ok(sd).mean():.1%} bg {bg_sd.mean():.1f} dB; DiffEdit as decoded {ok(dec).mean():.1%}", flush=True)
            for th in (0.5, 0.6):
                pm = pixel_mask(soft, xs.shape[-1], th); pasted = paste_outside(dec, xs, pm)
                s, bg = ok(pasted), masked_psnr(pasted, xs, ~us)
                by = {k: f'{s[kinds == k].mean():.0%}' for k in EDIT_KINDS}
                print(f"  threshold {th}: pixel IoU {iou(pm[:, 0] > 0.5, us).mean():.3f}  success {s.mean():.1%} {by}  background {bg.mean():.1f} dB ({(bg-bg_sd).mean():+.1f})", flush=True)
