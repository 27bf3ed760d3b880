"""Which percentages a notebook's prose quotes that none of its outputs shows.

A lesson's numbers should come from its outputs: every percentage written in a markdown cell ("91.5%") should appear,
as written, in the text of some output of the same notebook (a printed line, a table, a test's message). Parameters
are not measurements, so these are not counted: a percentage in `code spans` or maths, an interval's level ("95%
Wilson interval"), and the exercises of a "What to try" section. Write other parameters as the code does
(`p_default` = 0.8), not as percentages.

    python tools/prose_numbers.py               # every notebook: quoted, found, share; the missing ones with --show
    python tools/prose_numbers.py nbs/04_tiny_sd.ipynb --show
"""
import json, re, sys, glob
from pathlib import Path

PCT = re.compile(r'(?<![\w.])(\d+(?:\.\d+)?)\s?%')
CODE = re.compile(r'`[^`]*`|\$[^$]*\$')
LEVEL = re.compile(r'\d+(?:\.\d+)?\s?%(?= (?:[\w-]+ ){0,3}(?:interval|intervals|confidence|CI)\b)')

def output_text(nb)->str:
    "All text the notebook's outputs show: streams, plain/markdown/html reprs and errors (no images)."
    out = []
    for c in nb['cells']:
        for o in c.get('outputs', []):
            if 'text' in o: out.append(''.join(o['text']))
            for k in ('text/plain', 'text/markdown', 'text/html'):
                if k in o.get('data', {}): out.append(''.join(o['data'][k]))
            if o.get('output_type') == 'error': out.append(o.get('evalue', ''))
    return '\n'.join(out)

def prose_percentages(nb)->list:
    "Each percentage the markdown cells quote outside code spans and maths, as written (\"91.5%\")."
    found = []
    for c in nb['cells']:
        src = ''.join(c['source'])
        if c['cell_type'] != 'markdown' or src.startswith('## What to try'): continue
        src = LEVEL.sub('', CODE.sub('', src))
        found += [m.group(1) + '%' for m in PCT.finditer(src)]
    return found

def check(path)->dict:
    nb = json.loads(Path(path).read_text())
    text, pcts = output_text(nb), prose_percentages(nb)
    shown = re.sub(r'(\d)\s%', r'\1%', text)
    missing = [p for p in pcts if p not in shown]
    return dict(notebook=Path(path).name, quoted=len(pcts), found=len(pcts)-len(missing), missing=missing)

if __name__ == '__main__':
    args = [a for a in sys.argv[1:] if not a.startswith('--')]
    rows = [check(p) for p in (args or sorted(glob.glob('nbs/*.ipynb')))]
    for r in rows:
        share = r['found']/r['quoted'] if r['quoted'] else 1.
        print(f"{r['notebook']:32s} {r['found']:4d} of {r['quoted']:4d} in outputs ({share:.0%})")
        if '--show' in sys.argv and r['missing']: print('   missing:', ' '.join(r['missing']))
    q, f = sum(r['quoted'] for r in rows), sum(r['found'] for r in rows)
    print(f"{'all':32s} {f:4d} of {q:4d} in outputs ({f/max(q,1):.0%})")
