"""Does textual inversion find the hidden crescent with the paper's plain loss, a higher rate or more vectors? Five
500-step runs on the five filled crescents of 07, scored on 64 images of 'a photo of a <c>' (DDIM 25 steps, CFG 5, seeds 1000 to 1063).

    python tools/ti_loss_weighting.py

`textual_inversion` weights the loss by min-SNR-γ (γ = 5), the tiny model's own training weight. On v-prediction
that gives the x₀ error at step t a weight of min(SNR_t, 5), so the noisiest steps, where the layout and the shape
are decided, count for almost nothing. The paper's plain loss (`min_snr_gamma=None`) weighs them at SNR_t + 1 >= 1.
If the weighting were what hides the crescent, the plain loss would draw more of them than 'a photo of a shape'.
A higher rate (1e-3, 1e-2) and three vectors test whether the word merely moves too little. Prints the reader's shape
counts for the words and for each run (about 6 minutes on 2 cores)."""
import collections, time, torch
from conceptedit.core import load_pipeline
from conceptedit.ddim import generate
from conceptedit.shapes import WORLD, HIDDEN_SHAPE, load_reader, read
from conceptedit.core import pil_to_tensor
from conceptedit.textual_inversion import textual_inversion, unload_embeds

if __name__ == '__main__':
    pipe, reader = load_pipeline('tiny-shapes', device='cpu'), load_reader()
    imgs = torch.stack([pil_to_tensor(WORLD.sample(s, shape=HIDDEN_SHAPE, style='filled').image) for s in range(5)])
    seeds = list(range(1000, 1064))
    def count(prompt):
        c = collections.Counter(o.shape for o in read(reader, generate(pipe, [prompt]*64, seeds)))
        return f"{c[HIDDEN_SHAPE]}/64 {HIDDEN_SHAPE}s; all: {dict(c.most_common())}"
    print(f"'a photo of a shape': {count('a photo of a shape')}", flush=True)
    for kw in [dict(min_snr_gamma=None, lr=3e-4), dict(min_snr_gamma=None, lr=1e-3), dict(min_snr_gamma=None, lr=1e-2),
               dict(min_snr_gamma=None, lr=1e-2, n_vectors=3), dict(min_snr_gamma=5., lr=3e-4)]:
        t = time.time(); textual_inversion(pipe, imgs, '<c>', steps=500, log=lambda *a: None, **kw)
        print(f"TI {kw} ({time.time()-t:.0f} s): {count('a photo of a <c>')}", flush=True); unload_embeds(pipe)
