"""Build the docs site into `_docs/`, offline: `python tools/docs.py [--out _docs] [--engine auto|quarto|nbconvert]`.

nbdev's own processing (`proc_nbs`: show_doc tables, hidden and exported cells removed, front matter) turns `nbs/`
into `_proc/`, exactly as `nbdev_docs` does. Quarto then renders it when it is installed (`--engine quarto` runs
`nbdev_docs` itself). Where it is not (its PyPI package `quarto-cli` is a source archive that downloads the binary
from GitHub while it installs, so it cannot install on a machine that reaches only package registries) Jupyter's
nbconvert renders the same processed notebooks: one page per notebook, with its committed outputs, images embedded,
and a sidebar in the course's order. Its maths is converted to MathML when the page is built (`latex2mathml`), which
browsers draw natively, so a page needs no network: nbconvert's MathJax, loaded from a CDN, is left out."""
import argparse, html, re, shutil, subprocess, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DIRECTIVE = re.compile(r'^\s*#\|\s*([\w-]+):?\s*(.*)$')

def page_name(stem:str)->str:
    "Quarto's rule for a page's name: the notebook's, without its ordering prefix (`05_guidance` -> `guidance`)."
    return re.sub(r'^\d+_', '', stem)

def directives(src:str)->dict:
    return {m.group(1): m.group(2).strip() for l in src.splitlines() if (m := DIRECTIVE.match(l))}

def front_matter(nb)->dict:
    "Title and description from the raw YAML cell nbdev's processing puts first."
    for c in nb.cells:
        if c.cell_type=='raw' and c.source.lstrip().startswith('---'):
            import yaml
            return yaml.safe_load(c.source.strip().strip('-')) or {}
    return {}

MATH = re.compile(r'\$\$(.+?)\$\$|(?<![\\$\w])\$(?![\s$])([^$\n]+?)(?<![\s\\])\$(?![\w$])', re.S)   # $$display$$ or $inline$
CODE = re.compile(r'(```.*?```|`[^`\n]*`)', re.S)
TEX_FIXES = {r'\arg': r'\operatorname{arg}'}        # what latex2mathml leaves as a literal command

def to_mathml(md:str)->str:
    "`md` with each $…$ and $$…$$ outside code as MathML (display for $$); an equation that does not convert is an error that quotes it."
    from latex2mathml.converter import convert
    def one(m):
        tex, display = (m.group(1), 'block') if m.group(1) is not None else (m.group(2), 'inline')
        for k, v in TEX_FIXES.items(): tex = re.sub(re.escape(k) + r'(?![A-Za-z])', lambda _: v, tex)
        out = convert(tex.strip(), display=display)
        if (left := re.findall(r'<m[ion][^>]*>(\\[A-Za-z]+)<', out)): raise ValueError(f'latex2mathml cannot convert {left} in ${tex}$')
        return out
    parts = CODE.split(md)                                   # odd parts are code, where a $ is a dollar
    return ''.join(p if i % 2 else MATH.sub(one, p) for i, p in enumerate(parts))

def pandoc_links(md:str)->str:
    "Pandoc's link attributes, `[source](url){target=\"_blank\"}` in show_doc's output, as the HTML link they mean."
    return re.sub(r'\[([^\]]+)\]\(([^)\s]+)\)\{([^}]*)\}', lambda m: f'<a href="{m.group(2)}" {m.group(3)}>{m.group(1)}</a>', md)

def prepare(nb, pages:set):
    "Apply the cell options Quarto would (echo, output, include), drop empty cells, point notebook links at pages."
    fm, cells = front_matter(nb), []
    for c in nb.cells:
        if c.cell_type=='raw': continue
        if c.cell_type=='markdown':
            if c.source.startswith('<!-- WARNING'): continue
            c.source = to_mathml(c.source)
            c.source = re.sub(r'\(([\w-]+)\.ipynb(#[^)]*)?\)', lambda m: f'({page_name(m.group(1))}.html{m.group(2) or ""})'
                              if page_name(m.group(1)) in pages else m.group(0), c.source)
            cells.append(c); continue
        d = directives(c.source)
        if not c.source.strip() or d.get('include')=='false': continue
        c.source = '\n'.join(l for l in c.source.splitlines() if not DIRECTIVE.match(l)).strip()
        if d.get('output')=='false': c.outputs = []
        for o in c.outputs:
            if 'text/markdown' in o.get('data', {}): o['data']['text/markdown'] = pandoc_links(o['data']['text/markdown'])
        c.metadata['transient'] = {'remove_source': d.get('echo')=='false' or not c.source}
        if d.get('echo')=='false' and not c.outputs: continue
        cells.append(c)
    nb.cells = cells
    return fm

CSS = """<style>
body{margin:0} .ce-side{position:fixed;top:0;left:0;bottom:0;width:15rem;overflow:auto;padding:1rem;
  background:#f7f7f9;border-right:1px solid #ddd;font:14px/1.5 system-ui,sans-serif}
.ce-side a{display:block;color:#333;text-decoration:none;padding:.15rem .3rem;border-radius:3px}
.ce-side a.here{background:#2780e3;color:#fff} .ce-side b{display:block;margin-bottom:.6rem}
main.ce-page{margin-left:17rem;max-width:62rem;padding:1rem 2rem}
.ce-title{font-family:system-ui,sans-serif} .ce-title h1{margin-bottom:.2rem} .ce-title p{color:#555;margin-top:0}
</style>"""

def nav(pages:list, here:str)->str:
    links = ''.join(f'<a href="{n}.html" class="{"here" if n==here else ""}">{html.escape(t)}</a>' for n,t in pages)
    return f'<nav class="ce-side"><b><a href="index.html">conceptedit</a></b>{links}</nav>'

def _read(p:Path):
    import nbformat, warnings
    with warnings.catch_warnings():             # nbdev's processing leaves cell ids empty; nbformat fills them in
        warnings.simplefilter('ignore'); return nbformat.read(p, as_version=4)

def render_page(nb_path:Path, pages:list, exporter)->str:
    import nbformat
    nb = _read(nb_path)
    fm = prepare(nb, {n for n,_ in pages})
    for i,c in enumerate(nb.cells): c['id'] = c.get('id') or f'cell-{i}'   # nbdev's processing leaves ids empty
    body, _ = exporter.from_notebook_node(nb)
    title = fm.get('title', nb_path.stem)
    head = f'<div class="ce-title"><h1>{html.escape(title)}</h1><p>{html.escape(fm.get("description",""))}</p></div>'
    body = body.replace('<title>Notebook</title>', f'<title>{html.escape(title)} – conceptedit</title>')
    body = body.replace('</head>', CSS + '</head>', 1)
    body = re.sub(r'<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->', '', body, flags=re.S)   # the maths is MathML already
    body = re.sub(r'<script src="https://cdnjs[^"]*require[^"]*"[^>]*>\s*</script>', '', body)   # for live widgets, which a static page has not
    return re.sub(r'(<body[^>]*>)', lambda m: m.group(1) + nav(pages, page_name(nb_path.stem)) + '<main class="ce-page">' + head,
                  body, count=1).replace('</body>', '</main></body>', 1)

def build_nbconvert(proc:Path, out:Path)->list:
    from nbconvert import HTMLExporter
    ex = HTMLExporter(template_name='lab', exclude_input_prompt=True, exclude_output_prompt=True)
    ex.register_preprocessor('nbconvert.preprocessors.TagRemovePreprocessor', enabled=False)
    nbs = sorted(p for p in proc.glob('*.ipynb') if p.stem!='index')
    pages = [(page_name(p.stem), front_matter(_read(p)).get('title', p.stem)) for p in nbs]
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for p in [proc/'index.ipynb', *nbs]:
        page = out/f'{page_name(p.stem)}.html'
        page.write_text(render_page(p, pages, ex), encoding='utf-8'); written.append(page)
    return written

def build(out:Path=ROOT/'_docs', engine:str='auto')->list:
    if engine=='auto': engine = 'quarto' if shutil.which('quarto') else 'nbconvert'
    if engine=='quarto':
        subprocess.run(['nbdev_docs'], cwd=ROOT, check=True)
        return sorted((ROOT/'_docs').glob('*.html'))
    from nbdev.serve import proc_nbs
    proc = proc_nbs(n_workers=0)
    if out.exists(): shutil.rmtree(out)
    return build_nbconvert(proc, out)

if __name__=='__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--out', default=str(ROOT/'_docs')); ap.add_argument('--engine', default='auto', choices=['auto','quarto','nbconvert'])
    a = ap.parse_args()
    pages = build(Path(a.out), a.engine)
    print(f'wrote {len(pages)} pages to {a.out}')
