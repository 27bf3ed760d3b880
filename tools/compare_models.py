"""Image quality of two tiny-shapes checkpoints side by side, on the same prompts and seeds, read by the same reader.

    git archive a6ac050 conceptedit/assets/tiny-shapes | tar -x -C runs/old     # the first edition's weights
    python tools/compare_models.py runs/old/conceptedit/assets/tiny-shapes tiny-shapes --n 400 --seed 1 --grid runs/quality.png

For each model: shape-and-colour faithfulness on `n` 'seen' prompts (tiny_sd.prompt_set, DDIM 25, CFG 5), the reader-feature
FID of those images against renders of the prompts' attributes (guidance.frechet_distance, as 05 measures it; with a 95% paired
bootstrap interval on the difference of the two models' FIDs, since FID on 400 images moves by tens with the prompt set), and
`tiny_sd.clean_background`: the share of the pixels away from the object within 0.05 of the background colour, its mean and
the share of images whose background is at least 99% clean, each mean with a 95% bootstrap interval over the images. The
grid shows the first 32 prompts, one row of 8 per model in turn. Takes about 2 minutes per model and 400 prompts on 2 CPU
cores."""
import argparse, torch
from conceptedit.core import load_pipeline, image_grid
from conceptedit.ddim import generate
from conceptedit.shapes import load_reader, read, render, prepare_images
from conceptedit.tiny_sd import prompt_set, clean_background
from conceptedit.guidance import frechet_distance
from conceptedit.metrics import bootstrap, wilson

def measure(model:str, n:int, seed:int, reader):
    pipe, ps = load_pipeline(model, device='cpu'), prompt_set('seen', n, seed)
    x = generate(pipe, [p for p, _ in ps], list(range(seed*10**5, seed*10**5+n)))
    got = read(reader, x)
    real = torch.stack([torch.from_numpy(render(a)[0]).permute(2, 0, 1) for _, a in ps])
    f = lambda imgs: reader.features(prepare_images(imgs)).float()
    with torch.no_grad(): fx, fr = f(x), f(real)
    cb = clean_background(x)
    return x, fx, fr, dict(faithful=sum(g.shape == a.shape and g.colour == a.colour for g, (_, a) in zip(got, ps))/n, fid=frechet_distance(fx, fr),
                   clean=cb.mean().item(), clean_ci=bootstrap(cb.numpy()), clean99=(cb >= 0.99).float().mean().item(),
                   renders_clean=clean_background(real).mean().item())

if __name__ == '__main__':
    p = argparse.ArgumentParser(); p.add_argument('models', nargs=2); p.add_argument('--n', type=int, default=400)
    p.add_argument('--seed', type=int, default=1); p.add_argument('--grid', default=None)
    p.add_argument('--boot', type=int, default=500); a = p.parse_args()
    reader, rows, imgs, feats = load_reader(), {}, [], []
    for m in a.models:
        x, fx, fr, rows[m] = measure(m, a.n, a.seed, reader); imgs.append(x[:32]); feats.append(fx)
    print(f"{a.n} 'seen' prompts (seed {a.seed}), DDIM 25, CFG 5; 95% intervals")
    print(f"{'model':48}{'faithful':>20}{'reader FID':>12}{'clean background':>26}{'>= 99% clean':>22}")
    for m, r in rows.items():
        lo, hi = wilson(r['faithful'], a.n); clo, chi = r['clean_ci']; plo, phi = wilson(r['clean99'], a.n)
        print(f"{m[-48:]:48}{r['faithful']:8.1%} [{lo:.1%}, {hi:.1%}]{r['fid']:12.1f}"
              f"{r['clean']:10.2%} [{clo:.2%}, {chi:.2%}]{r['clean99']:8.1%} [{plo:.1%}, {phi:.1%}]")
    print(f"renders of the same prompts: clean background {rows[a.models[0]]['renders_clean']:.2%}")
    g = torch.Generator().manual_seed(0)                 # paired bootstrap over the prompts: the same resample for both models and the renders
    diffs = torch.tensor([frechet_distance(feats[1][i], fr[i]) - frechet_distance(feats[0][i], fr[i])
                          for i in (torch.randint(a.n, (a.n,), generator=g) for _ in range(a.boot))])
    print(f"reader FID, second minus first: {rows[a.models[1]]['fid'] - rows[a.models[0]]['fid']:+.1f} "
          f"[{diffs.quantile(0.025):+.1f}, {diffs.quantile(0.975):+.1f}] (95% paired bootstrap over the prompts, {a.boot} resamples)")
    if a.grid:
        g = torch.cat([torch.cat([im[i:i+8] for im in imgs]) for i in range(0, 32, 8)])
        image_grid(g, cols=8).save(a.grid); print(f'wrote {a.grid}: rows alternate {a.models[0]} and {a.models[1]}')
