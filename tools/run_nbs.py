"""Execute notebooks in place so their committed outputs are real: `python tools/run_nbs.py [NB ...] [--skip slow,cuda]`.

`--also STR [STR ...]` (with one notebook) also runs the slow cells whose source contains one of the strings, while every
other slow cell keeps its committed output: for re-measuring one table of a slow notebook without re-running all of it
(the cells it needs must be among those named). `cuda` cells never run here. A failing cell leaves the notebook as it
was and writes the outputs so far to $TMPDIR/NAME.failed.ipynb, so a long measurement is not lost to a failing test."""
import os, re, sys, time
from pathlib import Path
from execnb.nbio import read_nb, write_nb
from execnb.shell import CaptureShell

ROOT = Path(__file__).resolve().parents[1]
os.environ['CONCEPTEDIT_PROGRESS'] = '0'   # the outputs become the docs: no progress bars in them
DIRECTIVE = re.compile(r'^\s*#\s*\|\s*([\w-]+):?\s*(.*)$')

def directives(src:str)->dict: return {m.group(1): m.group(2).strip() for l in src.splitlines() if (m := DIRECTIVE.match(l))}

def run(path:Path, skip=('cuda',), also=()):
    nb = read_nb(path)
    def no_eval(c):
        if c.cell_type!='code' or 'nbdev_export(' in c.source: return True
        d = directives(c.source)
        skipped = set(skip) & set(d)
        if 'slow' in skipped and 'cuda' not in d and any(k in c.source for k in also): skipped = set()
        if d.get('eval','').lower()=='false' or skipped: return True
        c.outputs = []
        return False
    sh, t = CaptureShell(path), time.time()
    cwd = os.getcwd(); os.chdir(path.parent)
    try: sh.run_all(nb, exc_stop=True, preproc=no_eval)
    except Exception:
        keep = Path(os.environ.get('TMPDIR', '/tmp'))/f'{path.stem}.failed.ipynb'
        write_nb(nb, keep); print(f'{path.name} failed; the notebook is left as it was, the outputs so far are in {keep}')
        raise
    finally: os.chdir(cwd)
    write_nb(nb, path)
    print(f'{path.name}: {time.time()-t:.0f}s')

if __name__=='__main__':
    argv = sys.argv[1:]
    also = argv[argv.index('--also')+1:] if '--also' in argv else []
    if also: argv = argv[:argv.index('--also')]
    skip = ('slow', 'cuda') if also else ('cuda',)
    if '--skip' in argv: skip = tuple(argv[argv.index('--skip')+1].split(','))
    args = [a for a in argv if not a.startswith('--') and a not in ','.join(skip)]
    for p in (args or sorted(str(p) for p in (ROOT/'nbs').glob('*.ipynb'))): run(Path(p).resolve(), skip, also)
