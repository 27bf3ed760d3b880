"Execute notebooks in place so their committed outputs are real: `python tools/run_nbs.py [NB ...] [--skip slow,cuda]`."
import os, re, sys, time
from pathlib import Path
from execnb.nbio import read_nb, write_nb
from execnb.shell import CaptureShell

ROOT = Path(__file__).resolve().parents[1]
os.environ['CONCEPTEDIT_PROGRESS'] = '0'   # the outputs become the docs: no progress bars in them
DIRECTIVE = re.compile(r'^\s*#\s*\|\s*([\w-]+):?\s*(.*)$')

def directives(src:str)->dict: return {m.group(1): m.group(2).strip() for l in src.splitlines() if (m := DIRECTIVE.match(l))}

def run(path:Path, skip=('cuda',)):
    nb = read_nb(path)
    def no_eval(c):
        if c.cell_type!='code' or 'nbdev_export(' in c.source: return True
        d = directives(c.source)
        if d.get('eval','').lower()=='false' or set(skip) & set(d):
            return True
        c.outputs = []
        return False
    sh, t = CaptureShell(path), time.time()
    cwd = os.getcwd(); os.chdir(path.parent)
    try: sh.run_all(nb, exc_stop=True, preproc=no_eval)
    finally: os.chdir(cwd)
    write_nb(nb, path)
    print(f'{path.name}: {time.time()-t:.0f}s')

if __name__=='__main__':
    args = [a for a in sys.argv[1:] if not a.startswith('--')]
    skip = ('cuda',)
    if '--skip' in sys.argv: skip = tuple(sys.argv[sys.argv.index('--skip')+1].split(','))
    args = [a for a in args if a not in ','.join(skip)]
    for p in (args or sorted(str(p) for p in (ROOT/'nbs').glob('*.ipynb'))): run(Path(p).resolve(), skip)
