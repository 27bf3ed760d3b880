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
