"""Execute a notebook in place like `tools/run_nbs.py --skip slow,cuda`, but also run the slow cells whose source contains
one of the given strings (every other slow cell keeps its committed output):

    python tools/run_cells.py nbs/09_pivotal_tuning.ipynb "N, TI_STEPS" "LRS = (3e-4"

For re-measuring one table of a slow notebook without re-running all of it; the cells it needs must be among those named."""
import os, sys, time
from pathlib import Path
from execnb.nbio import read_nb, write_nb
from execnb.shell import CaptureShell
sys.path.insert(0, str(Path(__file__).parent))
from run_nbs import directives

def run(path:Path, keep:list[str]):
    nb = read_nb(path)
    def no_eval(c):
        if c.cell_type!='code' or 'nbdev_export(' in c.source: return True
        d = directives(c.source)
        if d.get('eval','').lower()=='false' or 'cuda' in d: return True
        if 'slow' in d and not any(k in c.source for k in keep): return True
        c.outputs = []
        return False
    sh, t = CaptureShell(path), time.time()
    cwd = os.getcwd(); os.chdir(path.parent)
    try: sh.run_all(nb, exc_stop=True, preproc=no_eval)
    finally: os.chdir(cwd)
    write_nb(nb, path)
    print(f'{path.name}: {time.time()-t:.0f}s')

if __name__=='__main__': run(Path(sys.argv[1]).resolve(), sys.argv[2:])
