"""nbclient executes a notebook end to end on a kernel, both on the zmq under test."""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

import zmq

from .conftest import REQUEST_TIMEOUT


def test_notebook_runs_end_to_end(tmp_path: Path) -> None:
    nb = new_notebook(
        cells=[
            new_markdown_cell("# A notebook on split pyzmq"),
            new_code_cell("import zmq\nzmq.__file__"),
            new_code_cell("for i in range(3):\n    print('line', i)"),
            new_code_cell("x = 6 * 7\nx"),
            new_code_cell("raise ValueError('expected')", metadata={"tags": ["raises-exception"]}),
            new_code_cell("x + 1"),
        ]
    )
    client = NotebookClient(
        nb,
        timeout=REQUEST_TIMEOUT,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
    )
    client.execute()

    outputs = [cell.get("outputs", []) for cell in nb.cells]
    assert outputs[1][0]["data"]["text/plain"] == repr(zmq.__file__)
    assert outputs[2][0]["text"] == "line 0\nline 1\nline 2\n"
    assert outputs[3][0]["data"]["text/plain"] == "42"
    assert outputs[4][0]["output_type"] == "error" and outputs[4][0]["ename"] == "ValueError"
    assert outputs[5][0]["data"]["text/plain"] == "43"
    assert [c.execution_count for c in nb.cells if c.cell_type == "code"] == [1, 2, 3, 4, 5]

    # the executed notebook is a valid one, and writes and reads back as such
    path = tmp_path / "executed.ipynb"
    nbformat.write(nb, path)
    nbformat.validate(nbformat.read(path, as_version=4))
