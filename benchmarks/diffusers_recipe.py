"""diffusers' textual-inversion recipe, written in this project's terms: the baseline that `textual_inversion.py`,
`gpu_check.py` and the loss-weight comparison measure against.

It follows `examples/textual_inversion/textual_inversion.py` (diffusers 0.42) step for step, without its file
handling, logging or hub code:
- the data: each image repeated 100 times and shuffled, an epoch at a time (`TextualInversionDataset`, `repeats=100`,
  `DataLoader(shuffle=True)`); a caption drawn from `imagenet_templates_small` (`OBJECT_TEMPLATES` here); the image
  flipped left-right with probability 0.5 (`flip_p=0.5`) and scaled to [-1, 1];
- each step: the images VAE-encoded again and a latent sampled from the posterior (`latent_dist.sample()` times the
  scaling factor); noise `randn_like`; t uniform on 0 … T-1; the plain loss `F.mse_loss(pred, target)` with target ε,
  or v for a v-prediction model;
- the optimiser: AdamW over the whole input-embedding matrix (betas 0.9, 0.999, weight decay 1e-2, eps 1e-8), at a
  constant rate; after each step every row but the new ones is copied back from the original (`index_no_updates`).

Checked once by hand against the script itself on tiny-shapes (the script is not ours to ship): see
`benchmarks/textual_inversion.py`."""
import random, time
import torch, torch.nn.functional as F
from diffusers import DDPMScheduler
from conceptedit.core import to_vae_range
from conceptedit.textual_inversion import add_tokens, init_token_id, OBJECT_TEMPLATES

def diffusers_ti(pipe, images:torch.Tensor, # (n,3,h,w) in [0,1] at the model's resolution
                 token:str, init:str, steps:int=500, bs:int=8, lr:float=1e-4, seed:int=0, repeats:int=100)->torch.Tensor:
    "Train `token` on `images` with diffusers' recipe; it stays loaded in `pipe`. Returns its row (1,d) and the seconds per step."
    tok, te, vae, unet = pipe.tokenizer, pipe.text_encoder, pipe.vae, pipe.unet
    rng, gen = random.Random(seed), torch.Generator(device=unet.device).manual_seed(seed)
    E = te.get_input_embeddings()
    ids = add_tokens(tok, te, [token], E.weight[[init_token_id(tok, init)]].detach().float())
    vae.requires_grad_(False); unet.requires_grad_(False); te.requires_grad_(False)
    E = te.get_input_embeddings(); E.requires_grad_(True)
    orig = E.weight.detach().clone()
    keep = torch.ones(len(orig), dtype=torch.bool, device=orig.device); keep[ids] = False
    opt = torch.optim.AdamW(E.parameters(), lr=lr, betas=(0.9, 0.999), weight_decay=1e-2, eps=1e-8)
    sched = DDPMScheduler.from_config(pipe.scheduler.config)
    order = []                                                           # the DataLoader's shuffled epochs of n × repeats items
    def next_batch():
        while len(order) < bs:
            order.extend(rng.sample(range(len(images)*repeats), len(images)*repeats))
        return [order.pop(0) % len(images) for _ in range(bs)]
    te.train(); t0 = time.perf_counter()
    for step in range(steps):
        idx = next_batch()
        x = torch.stack([images[i].flip(-1) if rng.random() < 0.5 else images[i] for i in idx])
        prompts = [rng.choice(OBJECT_TEMPLATES).format(token) for _ in idx]
        with torch.no_grad():
            z = vae.encode(to_vae_range(x).to(vae.device, vae.dtype)).latent_dist.sample(gen)*vae.config.scaling_factor
        noise = torch.randn(z.shape, generator=gen, device=z.device, dtype=z.dtype)
        t = torch.randint(0, sched.config.num_train_timesteps, (bs,), generator=gen, device=z.device)
        zt = sched.add_noise(z, noise, t)
        input_ids = tok(prompts, padding='max_length', truncation=True, max_length=tok.model_max_length, return_tensors='pt').input_ids
        pred = unet(zt, t, te(input_ids.to(te.device))[0].to(unet.dtype)).sample
        target = noise if sched.config.prediction_type == 'epsilon' else sched.get_velocity(z, noise, t)
        loss = F.mse_loss(pred.float(), target.float(), reduction='mean')
        loss.backward(); opt.step(); opt.zero_grad()
        with torch.no_grad(): E.weight[keep] = orig[keep]
    sec = (time.perf_counter()-t0)/max(steps, 1)
    te.eval(); E.requires_grad_(False); te.requires_grad_(True); unet.requires_grad_(True); vae.requires_grad_(True)
    return E.weight[ids].detach().float().cpu(), sec
