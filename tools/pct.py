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

def merge(new:dict, old:dict)->dict:
    "Keep the ids and outputs of `old`'s cells whose source is unchanged; give other cells ids from their source."
    import hashlib
    pool = {}
    for c in old['cells']: pool.setdefault((c['cell_type'], ''.join(c['source'])), []).append(c)
    used = {c.get('id') for c in old['cells']}
    for i,c in enumerate(new['cells']):
        match = pool.get((c['cell_type'], ''.join(c['source'])))
        if match:
            o = match.pop(0); c['id'] = o.get('id')
            if c['cell_type']=='code': c['outputs'] = o.get('outputs', [])
        else:
            h = hashlib.sha1(f"{i}{''.join(c['source'])}".encode()).hexdigest()[:8]
            while h in used: h = hashlib.sha1(h.encode()).hexdigest()[:8]
            c['id'] = h; used.add(h)
    return new

if __name__=='__main__':
    cmd, src, dst = sys.argv[1:4]
    if cmd=='to_nb':
        nb = pct2nb(Path(src).read_text())
        if Path(dst).exists(): nb = merge(nb, json.loads(Path(dst).read_text()))
        Path(dst).write_text(json.dumps(nb, indent=1, ensure_ascii=False)+'\n')
    else: Path(dst).write_text(nb2pct(json.loads(Path(src).read_text())))
