import os, subprocess, sys
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parents[1]

def run_cli(*args, env=None, timeout=600):
    "Run the installed `conceptedit` command; returns the CompletedProcess."
    e = {**os.environ, 'MPLBACKEND': 'Agg', **(env or {})}
    return subprocess.run(['conceptedit', *map(str, args)], capture_output=True, text=True, env=e, timeout=timeout)

@pytest.fixture
def cli(): return run_cli
