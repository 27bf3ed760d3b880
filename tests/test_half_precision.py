"""Every technique in half precision, on pipelines with Stable Diffusion 1.5's and 2.1's architecture (small widths,
random weights): no dtype error, finite outputs, trainable parameters kept in fp32 (the classic fp16 NaN of textual
inversion and LoRA), and the steps that need precision kept there (DiffEdit's mask in fp32, TIME's solve in fp64)."""
import warnings
import pytest, torch
from conceptedit.core import sd_like_pipeline
from conceptedit.ddim import generate, ddim_round_trip
from conceptedit.textual_inversion import textual_inversion
from conceptedit.pivotal_tuning import pivotal_tuning, remove_pivotal
from conceptedit.diffedit import diffedit
from conceptedit.time_edit import time_edit, undo_time_edit, cross_attention_projections

quiet = lambda *a: None

@pytest.mark.parametrize('version', ['1.5', '2.1'])
@pytest.mark.parametrize('dtype', [torch.bfloat16, torch.float16], ids=['bf16', 'fp16'])
def test_every_technique_runs_in_half_precision(version, dtype):
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')                                  # diffusers' note on casting with .to()
        pipe = sd_like_pipeline(version, width=16).to(dtype=dtype)
    assert pipe.unet.dtype == dtype
    x = generate(pipe, 'a red circle', [0], steps=2)
    assert x.dtype == torch.float32 and torch.isfinite(x).all(), 'generate'
    assert torch.isfinite(ddim_round_trip(pipe, x, ['a red circle'], steps=2, r=1.)).all(), 'DDIM inversion and back'
    e = textual_inversion(pipe, x.repeat(2, 1, 1, 1), '<c>', 'shape', steps=2, bs=2, log=quiet)['<c>']
    assert e.dtype == torch.float32 and torch.isfinite(e).all(), 'textual inversion'
    r = pivotal_tuning(pipe, x.repeat(2, 1, 1, 1), '<d>', 'shape', ti_steps=1, tune_steps=2, bs=2, log=quiet)
    assert all(torch.isfinite(w).all() for w in r.lora.values()) and torch.isfinite(r.embeds['<d>']).all(), 'pivotal tuning'
    assert all(p.dtype == torch.float32 for n, p in pipe.unet.named_parameters() if '.lora_' in n), 'LoRA weights train in fp32'
    remove_pivotal(pipe)
    d = diffedit(pipe, x, 'a red circle', 'a blue circle', steps=4, n=2)
    assert d.mask.dtype == torch.float32 and torch.isfinite(d.images).all(), 'DiffEdit'
    W0 = {k: l.weight.detach().clone() for k, l in cross_attention_projections(pipe.unet).items()}
    info = time_edit(pipe, 'a circle', 'a blue circle')
    assert 0 < info['rel_change'] < float('inf') and all(l.weight.dtype == dtype for l in cross_attention_projections(pipe.unet).values()), 'TIME'
    undo_time_edit(pipe)
    assert all(torch.equal(l.weight, W0[k]) for k, l in cross_attention_projections(pipe.unet).items()), 'TIME undone exactly'
