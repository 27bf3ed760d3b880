"""Choose the recipe that learns the hidden colour (teal), on the tuning seeds of `eval_ti` only.

    python tools/tune_ti_hidden.py [--seeds 0 1 2] [--n 64] [--recipes base plain lr3e-3 2vec green] [--at 1000 2000]

For each recipe and tuning seed: `eval_ti`'s five renders of that seed (filled, backgrounds taken in turn), a word
learned from them, and the reader's colours of the `n` images it draws in 'a photo of a S* shape' on that seed's noise,
after each number of steps in `--at` (one run, resumed from its checkpoint, so 2000 steps continue the 1000). Prints
teal's share over all seeds with its 95% interval, and the colours the other images come out as. `eval_ti --seed S`
for S >= 3 is the test; these seeds are never used to report.

A recipe is `TI_CONCEPTS['hidden']` with the changes named in RECIPES. The record 07 prints,
`conceptedit/assets/ti_hidden_tuning.json` (shipped with the weights it was measured on), was written by

    python tools/tune_ti_hidden.py --recipes base --at 1000 2000 --out conceptedit/assets/ti_hidden_tuning.json
    python tools/tune_ti_hidden.py --recipes plain lr3e-3 2vec green perimg lr3e-4 --out conceptedit/assets/ti_hidden_tuning.json

(about 7 minutes a recipe at 1000 steps on one CPU core)."""
import argparse, collections, json, os, tempfile
from pathlib import Path
from conceptedit.core import load_pipeline, seed_stream
from conceptedit.ddim import generate
from conceptedit.metrics import wilson
from conceptedit.shapes import HIDDEN_COLOUR, concept_renders, load_reader, read
from conceptedit.textual_inversion import TI_CONCEPTS, textual_inversion, unload_embeds

RECIPES = {'base': {}, 'plain': dict(min_snr_gamma=None), 'lr3e-3': dict(lr=3e-3), 'lr3e-4': dict(lr=3e-4),
           '2vec': dict(n_vectors=2), 'green': dict(init='green'), 'perimg': dict(per_image=True)}

def run(pipe, reader, name:str, seeds:list[int], n:int, at:list[int], log=print)->dict:
    c = {**TI_CONCEPTS['hidden'], **RECIPES[name]}
    kw = {k: v for k, v in c.items() if k not in ('identity', 'templates', 'prompt', 'words', 'init', 'steps')}
    per_seed = {s: {} for s in at}
    for seed in seeds:
        base = seed_stream('eval_ti', seed); noise = list(range(base, base+n))
        x = concept_renders(5, base, vary_background=True, **c['identity'])
        with tempfile.TemporaryDirectory() as d:
            for s in at:
                textual_inversion(pipe, x, '<h>', init=c['init'], templates=c['templates'], steps=max(at), stop_at=s, seed=seed,
                                  ckpt=Path(d)/'ckpt.pt', ckpt_every=min(at), log=lambda *a: None, **kw)
                try: cs = collections.Counter(a.colour for a in read(reader, generate(pipe, c['prompt'].format('<h>'), noise)))
                finally: unload_embeds(pipe)
                per_seed[s][seed] = dict(cs)
                log(f'{name:14} seed {seed} step {s:5}: teal {cs[HIDDEN_COLOUR]}/{n}  {dict(cs.most_common())}')
    for s in at:
        total = sum(map(collections.Counter, per_seed[s].values()), collections.Counter())
        k, m = total[HIDDEN_COLOUR], n*len(seeds); lo, hi = wilson(k/m, m)
        log(f'== {name:14} step {s:5}: teal {k/m:.1%} [{lo:.1%}, {hi:.1%}] of {m}; others {dict(total.most_common())}')
    return {s: dict(n=n, colours=per_seed[s]) for s in at}

if __name__ == '__main__':
    p = argparse.ArgumentParser()
    p.add_argument('--seeds', type=int, nargs='+', default=[0, 1, 2]); p.add_argument('--n', type=int, default=64)
    p.add_argument('--recipes', nargs='+', default=['base', 'plain', 'lr3e-3', '2vec', 'green'], choices=list(RECIPES))
    p.add_argument('--at', type=int, nargs='+', default=[1000])
    p.add_argument('--out', help='a JSON file to add the results to: {recipe: {changes, steps: {steps: {n, colours: {seed: {colour: count}}}}}}')
    a = p.parse_args()
    pipe, reader = load_pipeline(), load_reader()
    for r in a.recipes:
        res = run(pipe, reader, r, a.seeds, a.n, sorted(a.at), log=lambda m: print(m, flush=True))
        if a.out:
            out = Path(a.out); d = json.loads(out.read_text()) if out.exists() else {}
            e = d.setdefault(r, dict(changes=RECIPES[r], steps={})); e['steps'].update({str(s): v for s, v in res.items()})
            tmp = out.with_name(out.name+'.tmp'); tmp.write_text(json.dumps(d, indent=1)+'\n'); os.replace(tmp, out)
