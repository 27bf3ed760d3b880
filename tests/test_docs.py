"The docs site builds offline from a copy of the repository, with a page for every notebook showing its images and its maths."
import html, json, re, shutil, subprocess, sys
from pathlib import Path
import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
DIRECTIVE = re.compile(r'^\s*#\|\s*([\w-]+):?\s*(.*)$')
sys.path.insert(0, str(ROOT/'tools'))
from docs import MATH, CODE                                   # what the docs build converts: the test counts the same

def shown_pngs(nb_path:Path)->int:
    "PNG outputs of the cells a reader sees: not hidden, exported, or with their output or the whole cell left out."
    n = 0
    for c in json.loads(nb_path.read_text())['cells']:
        if c['cell_type']!='code': continue
        d = {m.group(1): m.group(2).strip() for l in ''.join(c['source']).splitlines() if (m := DIRECTIVE.match(l))}
        if d.keys() & {'hide', 'export', 'exporti'} or d.get('include')=='false' or d.get('output')=='false': continue
        n += sum('image/png' in o.get('data', {}) for o in c.get('outputs', []))
    return n

def headings(nb_path:Path)->list:
    "The text of every section heading in the notebook's markdown, but the title (nbdev makes it the page's front matter)."
    hs = [l.lstrip('#').strip() for c in json.loads(nb_path.read_text())['cells'] if c['cell_type']=='markdown'
          for l in ''.join(c['source']).splitlines() if re.match(r'^#{2,4} ', l)]
    return [re.sub(r'[`*]', '', h) for h in hs if not re.search(r'[\[\]$]', h)]       # links and maths render differently

def equations(nb_path:Path)->int:
    "How many $…$ and $$…$$ the notebook's markdown holds outside code."
    return sum(len(MATH.findall(p)) for c in json.loads(nb_path.read_text())['cells'] if c['cell_type']=='markdown'
               for i, p in enumerate(CODE.split(''.join(c['source']))) if i % 2 == 0)

@pytest.fixture(scope='module')
def site(tmp_path_factory):
    "The site, built by `tools/docs.py` from a copy of the repository's files: (the copy, the site's folder)."
    tmp_path = tmp_path_factory.mktemp('site')
    files = subprocess.run(['git', 'ls-files', '--cached', '--others', '--exclude-standard'], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    for f in files:
        if (ROOT/f).is_file(): (tmp_path/f).parent.mkdir(parents=True, exist_ok=True); shutil.copy2(ROOT/f, tmp_path/f)
    r = subprocess.run([sys.executable, 'tools/docs.py', '--out', str(tmp_path/'_docs')], cwd=tmp_path,
                       capture_output=True, text=True)
    assert r.returncode==0, r.stderr[-3000:]
    return tmp_path, tmp_path/'_docs'

def test_site_builds_with_every_page_and_its_images(site):
    tmp_path, _ = site
    nbs = sorted((ROOT/'nbs').glob('*.ipynb'))
    assert len(nbs) >= 15
    for nb in nbs:
        page = tmp_path/'_docs'/f"{re.sub(r'^[0-9]+_', '', nb.stem)}.html"
        assert page.exists(), f'no page for {nb.name}'
        text = page.read_text(encoding='utf-8')
        imgs = len(re.findall(r'<img[^>]+src="data:image/png;base64,', text))
        assert imgs == shown_pngs(nb), f'{page.name} shows {imgs} images, the notebook has {shown_pngs(nb)}'
        assert '{target=' not in text, f'{page.name} has an unconverted pandoc link'
        runnable = any(c['cell_type'] == 'code' for c in json.loads(nb.read_text())['cells'])   # a record page has nothing to run
        if runnable: assert 'colab-badge.svg' in text, f'{page.name} has no Open in Colab badge'
        plain = html.unescape(re.sub(r'<[^>]+>', '', text))
        for h in headings(nb): assert h in plain, f'{page.name} lost the section {h!r}'
        maths = len(re.findall(r'<math[ >]', text))
        assert maths == equations(nb), f'{page.name} has {maths} MathML equations, the notebook {equations(nb)}'
        shown = re.sub(r'<(pre|code)[^>]*>.*?</\1>', '', re.sub(r'<math.*?</math>', '', text, flags=re.S), flags=re.S)
        raw_tex = re.search(r'.{0,40}(\$\$|\$\\[A-Za-z]).{0,40}', shown, re.S)
        assert raw_tex is None, f'{page.name} shows raw TeX: {raw_tex and raw_tex.group(0)!r}'
        assert 'mathjax' not in text.lower() and not re.search(r'<script[^>]+src="https?:', text), f'{page.name} loads a script from the network'
        for href in set(re.findall(r'href="([\w-]+\.html)(?:#[^"]*)?"', text)):          # every link to a page finds it
            assert (tmp_path/'_docs'/href).exists(), f'{page.name} links to {href}, which was not built'
        for other in nbs:
            if other.stem!='index': assert f"href=\"{re.sub(r'^[0-9]+_', '', other.stem)}.html\"" in text, f'{page.name}: no link to {other.stem}'
    assert shown_pngs(ROOT/'nbs'/'10_diffedit.ipynb') >= 3      # the check counts something

def test_test_cells_keep_imports_apart():
    "nbdev's docs build runs every cell that holds an import, alone: a test cell mixing imports with code breaks it."
    import ast
    bad = []
    for nb in sorted((ROOT/'nbs').glob('*.ipynb')):
        if nb.name=='index.ipynb': continue                          # the README shows its imports where they are used
        for i, c in enumerate(json.loads(nb.read_text())['cells']):
            src = ''.join(c['source'])
            if c['cell_type']!='code' or 'nbdev_export()' in src: continue
            d = {m.group(1) for l in src.splitlines() if (m := DIRECTIVE.match(l))}
            if d & {'export', 'exports', 'exporti', 'exec_doc'}: continue
            nodes = list(ast.walk(ast.parse(re.sub(r'^(\s*)[%!].*$', r'\1pass', src, flags=re.M))))   # magics aside
            if any(isinstance(n, (ast.Import, ast.ImportFrom)) for n in nodes) and any(isinstance(n, (ast.Expr, ast.Assign)) for n in nodes):
                bad.append(f'{nb.name} cell {i}')
    assert not bad, f'move these imports to the notebook\'s import cell: {bad}'

def browser()->str|None:
    return next((b for b in ('chromium', 'chromium-browser', 'google-chrome') if shutil.which(b)), None)

def screenshot(html_text:str, png:Path, width:int=900)->Image.Image:
    "`html_text` drawn by headless Chromium, cropped to its ink (the pixels that are not white)."
    page = png.with_suffix('.html'); page.write_text(html_text, encoding='utf-8')
    r = subprocess.run([browser(), '--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', f'--window-size={width},300',
                        f'--screenshot={png}', page.as_uri()], capture_output=True, text=True, timeout=120)
    assert png.exists(), f'Chromium wrote no screenshot: {r.stderr[-2000:]}'
    im = Image.open(png).convert('L')
    box = im.point(lambda v: 255 if v < 200 else 0).getbbox()
    assert box, f'{png.name} is blank'
    return im.crop(box)

def test_an_equation_renders_offline(site, tmp_path):
    "Look at a page's equation as a browser draws it with no network: DDPM's posterior mean, two fractions, drawn stacked."
    assert browser(), 'no Chromium here: install Debian\'s chromium (.ci/run does) to check that the maths renders'
    _, docs = site
    page = (docs/'ddpm.html').read_text(encoding='utf-8')
    eq = re.search(r'<math[^>]*display="block".*?</math>', page, re.S).group(0)          # the page's first display equation
    md = ''.join(''.join(c['source']) for c in json.loads((ROOT/'nbs'/'02_ddpm.ipynb').read_text())['cells'] if c['cell_type']=='markdown')
    tex = re.search(r'\$\$(.*?)\$\$', md, re.S).group(1)                                     # the notebook's first, the same one
    assert eq.count('<mfrac') >= 2, f'expected the fractions of the posterior mean in {eq[:300]}'
    head = '<html><body style="margin:20px;font:20px serif;background:#fff">'
    drawn = screenshot(head + eq + '</body></html>', tmp_path/'mathml.png')
    raw = screenshot(head + html.escape(f'$${tex}$$') + '</body></html>', tmp_path/'tex.png', width=4000)
    assert drawn.height >= 1.8*raw.height, f'the equation is {drawn.height} px tall, a line of its TeX {raw.height} px: its fractions are not stacked'
    assert drawn.width <= 0.6*raw.width, f'the equation is {drawn.width} px wide, its TeX {raw.width} px: it looks like the TeX source'
