"The shipped weights load and work with the network switched off."
import subprocess, sys, textwrap

BLOCK_NET = textwrap.dedent('''
    import socket
    def _no_net(*a, **k): raise OSError("network access attempted")
    socket.socket.connect = _no_net
    socket.create_connection = _no_net
    socket.getaddrinfo = _no_net
''')

def run_offline(code):
    return subprocess.run([sys.executable, '-c', BLOCK_NET + textwrap.dedent(code)], capture_output=True, text=True, timeout=300)

def test_network_block_works():
    r = run_offline('import urllib.request; urllib.request.urlopen("https://pypi.org")')
    assert r.returncode != 0 and 'network access attempted' in r.stderr

def test_reader_loads_and_reads_offline():
    r = run_offline('''
        from conceptedit.shapes import load_reader, read, UNIFORM, Attrs
        reader = load_reader()
        s = UNIFORM.sample(123456789, shape='star', colour='blue', position='bottom left', background='gray')
        got = read(reader, s.image)[0]
        assert got == s.attrs, (got, s.attrs)
        print('ok')
    ''')
    assert r.returncode == 0 and r.stdout.strip() == 'ok', r.stderr

def test_tiny_shapes_and_evaluator_load_and_work_offline():
    r = run_offline('''
        import torch
        from diffusers import StableDiffusionPipeline
        from conceptedit.core import load_pipeline, TINY_DIR
        from conceptedit.ddim import generate
        from conceptedit.metrics import load_evaluator
        from conceptedit.shapes import load_reader, read
        StableDiffusionPipeline.from_pretrained(TINY_DIR)            # plain diffusers, no local_files_only
        pipe = load_pipeline('tiny-shapes', device='cpu')
        x = generate(pipe, 'a blue square on a black background', [0, 1], steps=20)
        got = read(load_reader(), x)
        assert all(g.shape == 'square' and g.colour == 'blue' for g in got), got      # background: not yet (nbs/04_tiny_sd)
        ev = load_evaluator()
        assert ev.zero_shot(x, ['circle', 'square', 'triangle', 'star', 'cross']).tolist() == [1, 1]
        print('ok')
    ''')
    assert r.returncode == 0 and r.stdout.strip().endswith('ok'), r.stderr[-3000:]
