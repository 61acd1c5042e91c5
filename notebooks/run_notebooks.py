"""Executes every notebook here whose imports this Python provides, and validates the rest.

Usage: python3 run_notebooks.py [NOTEBOOK ...]
Inputs come from the environment (WARPKIT_DATA, WARPKIT_NPZ, WARPKIT_RUN, WARPKIT_BENCH,
WARPKIT_BENCH_FORECAST, WARPKIT_PHYS_FORECAST); see
each notebook's first cell. Prints one JSON object: {notebook: {"status": "executed" |
"validated", "missing": [...], "outputs": "..."}}; exits non-zero when a notebook is invalid or
fails to execute.
"""
import ast
import importlib.util
import json
import os
import sys

import nbformat
from nbconvert.preprocessors import ExecutePreprocessor


def imports_of(nb):
    mods = set()
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                mods.update(a.name.split(".")[0] for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                mods.add(node.module.split(".")[0])
    return sorted(mods)


def text_outputs(nb):
    out = []
    for cell in nb.cells:
        for o in cell.get("outputs", []):
            if o.get("output_type") == "stream":
                out.append(o.get("text", ""))
    return "".join(out)


def main(paths):
    here = os.path.dirname(os.path.abspath(__file__))
    # This repository's Python package, which the notebooks put on their path themselves, so
    # that a notebook importing warpkit counts as runnable.
    sys.path.insert(0, os.path.join(here, "..", "python"))
    if not paths:
        paths = sorted(os.path.join(here, p) for p in os.listdir(here) if p.endswith(".ipynb"))
    report, failed = {}, False
    for path in paths:
        name = os.path.basename(path)
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
        missing = [m for m in imports_of(nb) if importlib.util.find_spec(m) is None]
        entry = {"missing": missing}
        if missing:
            entry["status"] = "validated"
        else:
            try:
                ExecutePreprocessor(timeout=300, kernel_name="python3").preprocess(nb, {"metadata": {"path": here}})
                entry["status"] = "executed"
                entry["outputs"] = text_outputs(nb)
            except Exception as e:  # report which notebook failed and why, then keep going
                entry["status"] = "failed"
                entry["error"] = str(e)[-3000:]
                failed = True
        report[name] = entry
    print(json.dumps(report))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
