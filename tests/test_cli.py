from collections import Counter
import json
from PIL import Image

def test_shapes_writes_a_grid_and_prints_captions(cli, tmp_path):
    out = tmp_path/'sub'/'grid.png'
    r = cli('shapes', '--n', 16, '--out', out)
    assert r.returncode == 0, r.stderr
    img = Image.open(out)
    assert img.width > 8*64 and img.height > 2*64          # 16 captioned tiles in 8 columns
    lines = r.stdout.strip().splitlines()
    assert len(lines) == 17 and lines[-1] == f'wrote {out}'
    from conceptedit.shapes import WORLD
    assert lines[3].split(None, 1)[1] == WORLD.sample(3).caption   # the printed captions are the drawn scenes'

def test_shapes_bad_input_names_the_problem(cli, tmp_path):
    r = cli('shapes', '--world', 'mars', '--out', tmp_path/'g.png')
    assert r.returncode == 2 and "unknown world 'mars'; choose one of: train, uniform" in r.stderr
    assert 'Traceback' not in r.stderr and not (tmp_path/'g.png').exists()
    r = cli('shapes', '--n', 0)
    assert r.returncode == 2 and '--n must be at least 1' in r.stderr

def test_unknown_command_lists_commands(cli):
    r = cli('paint')
    assert r.returncode == 2 and "unknown command 'paint'" in r.stderr and 'eval-reader' in r.stderr

def test_eval_reader_json(cli):
    r = cli('eval-reader', '--n', 300, '--json')
    assert r.returncode == 0, r.stderr
    acc = json.loads(r.stdout)
    assert acc['n'] == 300
    for k in ('shape', 'colour', 'size', 'position', 'background', 'style'):
        assert acc['clean'][k] >= 0.97, (k, acc['clean'][k])
        assert acc['degraded'][k] >= 0.9, (k, acc['degraded'][k])

def test_eval_reader_missing_file(cli, tmp_path):
    r = cli('eval-reader', '--reader', tmp_path/'nope.safetensors')
    assert r.returncode == 2 and 'no reader at' in r.stderr and 'train-reader' in r.stderr

def _read_grid(path, n=8):
    "The reader's attributes of the first `n` tiles of a `conceptedit generate` grid (3 columns of 64px tiles, 2px apart)."
    import torch
    from conceptedit.core import pil_to_tensor
    from conceptedit.shapes import load_reader, read
    g = pil_to_tensor(Image.open(path).convert('RGB'))
    return read(load_reader(), torch.stack([g[:, 2+66*i:66+66*i, 2+66*j:66+66*j] for i in range(3) for j in range(3)][:n]))

def test_generate_draws_the_prompt(cli, tmp_path):
    out = tmp_path/'out.png'
    r = cli('generate', 'a red circle on a white background', '--n', 8, '--out', out, '--steps', 20)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().splitlines()[-1] == f'wrote {out}'
    got = _read_grid(out)
    shapes, colours = Counter(a.shape for a in got), Counter(a.colour for a in got)
    assert shapes.most_common(1)[0][0] == 'circle' and shapes['circle'] >= 5, got     # tiny-shapes binds shape best,
    assert colours.most_common(1)[0][0] == 'red', got                                  # colour less (nbs/04_tiny_sd)
    r = cli('generate', 'a blue square', '--n', 8, '--out', out, '--steps', 20)       # another prompt, another drawing
    assert r.returncode == 0, r.stderr
    assert sum(a.shape == 'square' and a.colour == 'blue' for a in _read_grid(out)) >= 7

def test_generate_bad_input(cli, tmp_path):
    r = cli('generate', 'a red circle', '--model', 'tiny-shape', '--out', tmp_path/'o.png')
    assert r.returncode == 2 and 'shipped models: tiny-shapes' in r.stderr and 'path' in r.stderr
    assert not (tmp_path/'o.png').exists()
    r = cli('generate', ' '.join(['a red circle']*30), '--n', 1, '--steps', 2, '--out', tmp_path/'o.png')
    assert r.returncode == 0 and 'truncated' in r.stderr, r.stderr

def test_eval_clip_json(cli):
    r = cli('eval-clip', '--n', 300, '--json')
    assert r.returncode == 0, r.stderr
    acc = json.loads(r.stdout)
    assert acc['shape'] >= 0.85 and acc['colour'] >= 0.85, acc

def test_invert_writes_a_file_diffusers_loads_and_resumes(cli, tmp_path):
    from conceptedit.shapes import UNIFORM
    imgs = tmp_path/'imgs'; imgs.mkdir()
    for i in range(3): UNIFORM.sample(i, shape='crescent').image.convert('RGBA').save(imgs/f'{i}.png')   # RGBA: converted
    out = tmp_path/'learned_embeds.safetensors'
    r = cli('invert', imgs, '--token', '<moon>', '--steps', 6, '--out', out, '--n-vectors', 2)
    assert r.returncode == 0, r.stderr
    from conceptedit.core import load_pipeline
    pipe = load_pipeline()
    pipe.load_textual_inversion(str(out))                          # diffusers' own loader reads our file
    assert pipe.tokenizer.convert_tokens_to_ids(['<moon>', '<moon>_1']) == [49408, 49409]
    first = out.read_bytes()
    r = cli('invert', imgs, '--token', '<moon>', '--steps', 6, '--out', out, '--n-vectors', 2)   # a finished checkpoint: nothing to redo
    assert r.returncode == 0 and 'resumed from' in r.stderr and out.read_bytes() == first

def test_time_edit_saves_a_pipeline_diffusers_loads_and_it_draws_the_edit(cli, tmp_path):
    out = tmp_path/'edited'
    r = cli('time-edit', '--source', 'a circle', '--dest', 'a blue circle', '--out', out)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)['layers'] == 14
    import torch
    from diffusers import StableDiffusionPipeline
    from conceptedit.ddim import generate
    from conceptedit.shapes import load_reader, read
    pipe = StableDiffusionPipeline.from_pretrained(out)                  # diffusers' own loader, not ours
    got = read(load_reader(), generate(pipe, 'a circle', list(range(8)), steps=20))
    assert sum(a.colour == 'blue' for a in got) >= 6, got                 # unedited: red or orange (nbs/11_time_edit)
    r = cli('time-edit', '--source', 'a circle', '--dest', 'a square', '--out', tmp_path/'bad')
    assert r.returncode == 2 and 'cannot align' in r.stderr and 'Traceback' not in r.stderr
    assert not (tmp_path/'bad').exists()

def test_diffedit_edits_inside_the_mask_and_keeps_the_rest(cli, tmp_path):
    import numpy as np
    from conceptedit.shapes import Attrs, render
    img, obj = render(Attrs('square', 'orange', 'large', 'center', 'white', 'filled'), 64)
    Image.fromarray((img*255).round().astype('uint8')).save(tmp_path/'in.png')
    r = cli('diffedit', tmp_path/'in.png', '--ref', 'a filled orange square', '--query', 'a filled blue square',
            '--out', tmp_path/'out.png', '--mask-out', tmp_path/'mask.png')
    assert r.returncode == 0, r.stderr
    mask = np.array(Image.open(tmp_path/'mask.png')) > 127
    assert (mask & obj).sum() / (mask | obj).sum() >= 0.4                 # the mask found the square
    out = np.asarray(Image.open(tmp_path/'out.png').convert('RGB'), dtype=np.float32)/255
    import torch, torch.nn.functional as F
    grown = F.max_pool2d(torch.from_numpy(obj)[None, None].float(), 9, 1, 4)[0, 0].numpy() > 0
    far = ~mask & ~grown                                                   # 4 pixels or more outside both
    mse = ((out - img)[far]**2).mean()
    assert 10*np.log10(1/mse) >= 25, mse                                   # the background is kept
    from conceptedit.core import pil_to_tensor
    from conceptedit.shapes import load_reader, read
    assert read(load_reader(), pil_to_tensor(Image.open(tmp_path/'out.png').convert('RGB')))[0].colour == 'blue'

def test_pivotal_writes_files_diffusers_loads_and_unloading_restores_the_unet(cli, tmp_path):
    from conceptedit.shapes import UNIFORM
    imgs = tmp_path/'imgs'; imgs.mkdir()
    for i in range(3): UNIFORM.sample(i, shape='crescent', position='top left').image.save(imgs/f'{i}.png')
    out = tmp_path/'pti'
    r = cli('pivotal', imgs, '--token', '<moon>', '--ti-steps', 4, '--tune-steps', 4, '--bs', 2, '--out', out)
    assert r.returncode == 0, r.stderr
    import torch
    from diffusers import StableDiffusionPipeline
    from conceptedit.core import TINY_DIR
    pipe = StableDiffusionPipeline.from_pretrained(TINY_DIR, safety_checker=None, requires_safety_checker=False)
    before = {k: v.clone() for k,v in pipe.unet.state_dict().items()}
    pipe.load_textual_inversion(str(out/'learned_embeds.safetensors'))      # diffusers' own loaders, not ours
    pipe.load_lora_weights(str(out), weight_name='pytorch_lora_weights.safetensors')
    assert any('lora' in k for k in pipe.unet.state_dict())
    img = pipe('a photo of a <moon>', num_inference_steps=5, generator=torch.Generator().manual_seed(0), output_type='np').images
    assert img.shape == (1, 64, 64, 3)
    pipe.unload_lora_weights()
    after = pipe.unet.state_dict()
    assert set(after) == set(before) and all(torch.equal(before[k], after[k]) for k in before)

def test_eval_ti_json_and_bad_concept(cli):
    r = cli('eval-ti', '--concepts', 'hidden', '--n', 8, '--steps', 30, '--seed', 3, '--json')
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert (out['seed'], out['n'], out['steps']) == (3, 8, 30) and set(out) >= {'hidden'} and 'crescent' not in out
    h = out['hidden']
    for k in ('learned', 'best_words'):
        rate, (lo, hi) = h[k]['rate'], h[k]['ci']
        assert 0 <= lo <= rate <= hi <= 1 and rate*8 == round(rate*8), (k, h[k])   # a count out of 8, inside its interval
    assert h['best_words']['rate'] == max(h['words'].values()) and h['best_words']['prompt'] in h['words']
    assert set(h['words']) == {'a photo of a shape', 'a photo of a green shape', 'a photo of a blue shape'}
    r = cli('eval-ti', '--concepts', 'hidden,moon')
    assert r.returncode == 2 and "unknown ['moon']" in r.stderr and 'hidden, crescent, held_out' in r.stderr
