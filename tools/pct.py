"Convert between notebooks and a plain cell format (cells start with `#%%` or `#%% md`) for editing outside Jupyter."
import json, sys
from pathlib import Path

def pct2nb(src:str)->dict:
    cells, cur, kind = [], [], None
    def flush():
        if kind is None: return
        text = '\n'.join(cur).strip('\n')
        cell = dict(cell_type=kind, metadata={}, source=text.splitlines(keepends=True))
        if kind=='code': cell.update(execution_count=None, outputs=[])
        cells.append(cell)
    for line in src.splitlines():
        if line.startswith('#%%'):
            flush(); kind = 'markdown' if line.strip()=='#%% md' else 'code'; cur = []
        else: cur.append(line)
    flush()
    return dict(cells=cells, metadata=dict(kernelspec=dict(display_name='python3', language='python', name='python3')),
                nbformat=4, nbformat_minor=5)

def nb2pct(nb:dict)->str:
    out = []
    for c in nb['cells']:
        out.append('#%% md' if c['cell_type']=='markdown' else '#%%')
        out.append(''.join(c['source']))
    return '\n'.join(out)+'\n'

if __name__=='__main__':
    cmd, src, dst = sys.argv[1:4]
    if cmd=='to_nb': Path(dst).write_text(json.dumps(pct2nb(Path(src).read_text()), indent=1, ensure_ascii=False)+'\n')
    else: Path(dst).write_text(nb2pct(json.loads(Path(src).read_text())))
