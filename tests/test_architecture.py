"""The package's shape, read from the notebook list: each notebook exports the module of its own name, each module
imports only modules of earlier notebooks (so there is no import cycle), and imports sit at the top of a module (the CLI
alone defers the library's, so that `conceptedit -h` stays fast)."""
import ast, json, re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT/'conceptedit'

def exported_module(nb:Path)->str|None:
    for c in json.loads(nb.read_text())['cells']:
        m = re.match(r'#\|\s*default_exp\s+(\S+)', ''.join(c['source']))
        if m: return m.group(1)

NOTEBOOKS = [nb for nb in sorted((ROOT/'nbs').glob('[0-9]*.ipynb'))]
ORDER = [exported_module(nb) for nb in NOTEBOOKS]

def own_imports(mod:str, top_only:bool)->set[str]:
    "The package's modules that `mod` imports (at its top only, or anywhere)."
    tree = ast.parse((PKG/f'{mod}.py').read_text())
    nodes = tree.body if top_only else ast.walk(tree)
    out = set()
    for n in nodes:
        if isinstance(n, ast.ImportFrom) and n.module:
            if n.level == 1: out.add(n.module.split('.')[0])
            elif n.module.startswith('conceptedit.'): out.add(n.module.split('.')[1])
    return out - {mod}

def test_each_notebook_exports_the_module_of_its_name():
    for nb, mod in zip(NOTEBOOKS, ORDER):
        assert mod == re.sub(r'^\d+_', '', nb.stem), f'{nb.name} exports {mod!r}; a notebook and its module share a name'
    modules = {p.stem for p in PKG.glob('*.py')} - {'__init__', '_modidx'}
    assert modules == set(ORDER), f'modules without a notebook: {sorted(modules - set(ORDER))}'

def test_imports_follow_the_notebooks():
    for i, mod in enumerate(ORDER):
        later = own_imports(mod, top_only=False) - set(ORDER[:i])
        assert not later, f'{mod} (notebook {NOTEBOOKS[i].name}) imports {sorted(later)}, which come after it: a cycle, or a lesson out of order'

def test_imports_at_the_top():
    for mod in ORDER:
        if mod == 'cli': continue                       # deferred on purpose: `conceptedit -h` imports no torch
        inner = own_imports(mod, top_only=False) - own_imports(mod, top_only=True)
        assert not inner, f'{mod} imports {sorted(inner)} inside a function; put the import at the top of the notebook'

def test_the_index_table_says_what_each_module_imports():
    "The README's course table is the architecture a newcomer reads: its 'builds on' column must be the imports."
    nb = json.loads((ROOT/'nbs'/'index.ipynb').read_text())
    rows = [l for c in nb['cells'] if c['cell_type']=='markdown' for l in ''.join(c['source']).splitlines()
            if re.match(r'^\| \[\w+\]\(\w+\.html\) \|', l)]
    table = {re.match(r'^\| \[(\w+)\]', l).group(1): [d.strip() for d in l.split('|')[2].split(',')] for l in rows}
    assert sorted(table) == sorted(ORDER), f'the table lists {sorted(table)}, the notebooks export {sorted(ORDER)}'
    for mod, deps in table.items():
        if deps[0].startswith('all of the above'): continue
        if deps == ['–']: deps = []
        assert deps == sorted(own_imports(mod, top_only=False), key=ORDER.index), \
            f"index table: {mod} builds on {deps}, but it imports {sorted(own_imports(mod, top_only=False), key=ORDER.index)}"
