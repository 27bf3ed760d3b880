"""Time a TIME edit of every cross-attention K and V projection, against the per-layer loop.

    python benchmarks/time_edit.py [--threads 2] [--reps 5]

`ours` is `time_edit.time_edit`: the text states encoded once, then one d x d matrix M solved once
(W_new = W_old M, which holds because every target is v* = W_old c*), and one product per layer.
The baseline, measured in the same run, is the loop of diffusers' deprecated `StableDiffusionModelEditingPipeline`
(the authors' code): for every layer, the targets v* = W c* computed through the layer, the sums
λW + Σ v* cᵀ and λI + Σ c cᵀ built, and the inverse of the second taken. Both edit the same layers from the same
states, and the script checks that they give the same weights. A third column writes the per-layer closed form with
matrix products and a solve, to show what the single M saves beyond the loop's outer products.

Two models: tiny-shapes (14 projections of width 64; issue 8 asks for <= 1 s on a CPU), and SD 1.5's shapes
(32 projections of width 768 reading 320 to 1280 channels, random weights, no UNet built around them)."""
import argparse, time, torch
from conceptedit.core import load_pipeline
from conceptedit.time_edit import time_edit, undo_time_edit, edit_states, cross_attention_projections, edit_matrix

def per_layer(Ws:list, C:torch.Tensor, Cs:torch.Tensor, lam:float=0.1)->list:
    "The authors' loop: per layer, v* through the layer, then (λW + Σ v* cᵀ)(λI + Σ c cᵀ)⁻¹ with an explicit inverse."
    out = []
    for W in Ws:
        V = Cs.float()@W.T                                                   # layer(new_emb)
        mat1 = lam*W + (V[:, :, None]@C.float()[:, None, :]).sum(0)
        mat2 = lam*torch.eye(W.shape[1]) + (C.float()[:, :, None]@C.float()[:, None, :]).sum(0)
        out.append(mat1@torch.inverse(mat2))
    return out

def per_layer_matmul(Ws:list, C:torch.Tensor, Cs:torch.Tensor, lam:float=0.1)->list:
    "The same per-layer closed form written with matrix products and a solve: what the single M saves beyond that."
    out = []
    for W in Ws:
        V = Cs.double()@W.double().T
        A = lam*torch.eye(W.shape[1], dtype=torch.float64) + C.double().T@C.double()
        out.append(torch.linalg.solve(A, (lam*W.double() + V.T@C.double()).T).T.float())
    return out

def ours_solve(Ws:list, C:torch.Tensor, Cs:torch.Tensor, lam:float=0.1)->list:
    M = edit_matrix(C, Cs, lam)
    return [(W.double()@M).float() for W in Ws]

def best(f, reps:int)->float:
    ts = []
    for _ in range(reps): t0 = time.perf_counter(); f(); ts.append(time.perf_counter()-t0)
    return min(ts)

if __name__=='__main__':
    ap = argparse.ArgumentParser(); ap.add_argument('--threads', type=int, default=2); ap.add_argument('--reps', type=int, default=5)
    a = ap.parse_args(); torch.set_num_threads(a.threads)
    pipe = load_pipeline('tiny-shapes', device='cpu')
    Ws = [l.weight.detach() for l in cross_attention_projections(pipe.unet).values()]

    def whole(): time_edit(pipe, 'a circle', 'a blue circle'); undo_time_edit(pipe)
    t_whole = best(whole, a.reps)
    t_states = best(lambda: edit_states(pipe, ['a circle'], ['a blue circle']), a.reps)
    C, Cs = edit_states(pipe, ['a circle'], ['a blue circle'])
    t_ours, t_base, t_mm = (best(lambda: f(Ws, C, Cs), a.reps) for f in (ours_solve, per_layer, per_layer_matmul))
    err = max((x-y).abs().max().item() for x, y in zip(ours_solve(Ws, C, Cs), per_layer(Ws, C, Cs)))
    print(f'tiny-shapes, {len(Ws)} projections of width {Ws[0].shape[1]}, {len(C)} token states, {a.threads} threads')
    print(f'  whole edit (encode + solve + write + undo): {t_whole*1e3:7.1f} ms   (text states alone {t_states*1e3:.1f} ms)')
    print(f'  solve, ours {t_ours*1e3:6.2f} ms   per-layer loop {t_base*1e3:6.2f} ms   ratio {t_base/t_ours:.1f}x   max |diff| {err:.1e}')
    print(f'  per-layer closed form with matrix products and a solve: {t_mm*1e3:6.2f} ms, ratio {t_mm/t_ours:.1f}x')

    g = torch.Generator().manual_seed(0)
    outs = [320]*4 + [640]*4 + [1280]*4 + [1280]*2 + [1280]*6 + [640]*6 + [320]*6       # SD 1.5: down, mid, up; K and V each
    Ws = [torch.randn(o, 768, generator=g)/768**.5 for o in outs]
    C, Cs = torch.randn(4*77, 768, generator=g, dtype=torch.float64), torch.randn(4*77, 768, generator=g, dtype=torch.float64)
    t_ours, t_base, t_mm = (best(lambda: f(Ws, C, Cs), a.reps) for f in (ours_solve, per_layer, per_layer_matmul))
    err = max(((x-y).abs().max()/y.abs().max()).item() for x, y in zip(ours_solve(Ws, C, Cs), per_layer_matmul(Ws, C, Cs)))
    print(f'SD 1.5 shapes, {len(Ws)} projections of width 768, {len(C)} token states (the 4 augmented prompts with padding)')
    print(f'  solve, ours {t_ours*1e3:6.1f} ms   per-layer loop {t_base*1e3:6.1f} ms   ratio {t_base/t_ours:.1f}x')
    print(f'  per-layer closed form with matrix products and a solve: {t_mm*1e3:6.1f} ms, ratio {t_mm/t_ours:.1f}x   (max relative diff from ours {err:.1e})')
