"""analysis.pipeline.runner: papermill runs that are reproducible, and failures that keep old outputs."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import nbformat
import pytest
from conftest import BIN, ROOT

from analysis.pipeline import runner

pytestmark = pytest.mark.slow


def notebook(path, *sources, parameters="x = 1"):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    cell = nbformat.v4.new_code_cell(parameters)
    cell.metadata["tags"] = ["parameters"]
    nb.cells = [cell] + [nbformat.v4.new_code_cell(s) for s in sources]
    for i, c in enumerate(nb.cells):
        c["id"] = f"c{i}"
    nbformat.write(nb, path)
    return path


def test_parameters_are_injected_and_output_is_stable(tmp_path):
    nb = notebook(tmp_path / "ok.ipynb", "print(x * 2)")
    out1, out2 = tmp_path / "out1.ipynb", tmp_path / "out2.ipynb"
    runner.execute(nb, {"x": 21}, out1)
    runner.execute(nb, {"x": 21}, out2)
    assert out1.read_bytes() == out2.read_bytes()
    result = nbformat.read(out1, 4)
    assert result.cells[1]["id"] == "injected-parameters"
    assert result.cells[-1].outputs[0]["text"] == "42\n"
    assert "start_time" not in result.metadata["papermill"]


def test_a_failing_cell_names_itself_and_keeps_the_previous_output(tmp_path):
    out = tmp_path / "out.ipynb"
    out.write_text("previous report", encoding="utf-8")
    nb = notebook(tmp_path / "bad.ipynb", "y = 2", "raise ValueError('figure 140 % is not a share')")
    with pytest.raises(runner.NotebookFailed) as exc:
        runner.execute(nb, {"x": 1}, out)
    message = str(exc.value)
    assert "bad.ipynb" in message and "cell" in message
    assert "ValueError: figure 140 % is not a share" in message
    assert out.read_text(encoding="utf-8") == "previous report"


def test_a_relative_interpreter_path_still_starts_the_kernel(tmp_path):
    # `export PATH=.venv/bin:$PATH` makes sys.executable relative; the kernel starts in the
    # notebook's folder, where that relative path would not exist.
    nb = notebook(tmp_path / "ok.ipynb", "print(x + 1)")
    out = tmp_path / "out.ipynb"
    rel = os.path.relpath(BIN, ROOT)
    env = {**os.environ, "PATH": f"{rel}:{os.environ['PATH']}"}
    code = ("import sys; from analysis.pipeline import runner; print(sys.executable); "
            f"runner.execute({str(nb)!r}, {{'x': 1}}, {str(out)!r})")
    res = subprocess.run(["python", "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert res.returncode == 0, res.stderr[-1500:]
    assert res.stdout.splitlines()[0] == f"{rel}/python"  # the situation under test did arise
    assert nbformat.read(out, 4).cells[-1].outputs[0]["text"] == "2\n"


def _kernels_of(pid: int) -> set[int]:
    found = set()
    for proc in Path("/proc").iterdir():
        try:
            stat = (proc / "stat").read_text().rsplit(")", 1)[1].split()
            cmd = (proc / "cmdline").read_bytes()
        except (OSError, IndexError):
            continue
        if int(stat[1]) == pid and b"ipykernel" in cmd:
            found.add(int(proc.name))
    return found


def test_the_kernel_is_stopped_once_every_cell_has_run(tmp_path):
    # The kernel is shut down at once rather than gracefully (half a second saved per notebook):
    # what the cells wrote is complete, and no kernel is left behind.
    out = tmp_path / "written.txt"
    nb = notebook(tmp_path / "w.ipynb", f"open({str(out)!r}, 'w').write('x' * 100_000)")
    runner.execute(nb, {"x": 1})
    assert out.read_text() == "x" * 100_000
    assert _kernels_of(os.getpid()) == set()


def _start_and_wait(client_factory=None):
    """Start a kernel as the runner does, wait until it is ready, run one cell; return what the
    client's IOPub reads were given as timeouts and the cell's printed text."""
    import asyncio
    import sys
    import tempfile

    async def run():
        with tempfile.TemporaryDirectory() as folder:
            km = runner._ipc_kernel_manager(folder)(kernel_name="python3")
            if client_factory is not None:
                km.client_factory = client_factory
            await km.start_kernel()
            kc = km.client()
            kc.start_channels()
            timeouts, get_msg = [], kc.iopub_channel.get_msg

            async def spy(timeout=None):
                timeouts.append(timeout)
                return await get_msg(timeout=timeout)

            kc.iopub_channel.get_msg = spy
            try:
                await kc.wait_for_ready(timeout=60)
                ready_timeouts = list(timeouts)
                msg_id, text = kc.execute("print('first cell')"), ""
                while True:  # nothing the first cell prints may be lost
                    msg = await get_msg(timeout=30)
                    if msg["parent_header"].get("msg_id") != msg_id:
                        continue
                    if msg["msg_type"] == "stream":
                        text += msg["content"]["text"]
                    if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                        return ready_timeouts, text
            finally:
                kc.stop_channels()
                await km.shutdown_kernel(now=True)

    sys_executable = sys.executable
    sys.executable = os.path.abspath(sys.executable)
    try:
        return asyncio.run(run())
    finally:
        sys.executable = sys_executable


def test_the_kernel_client_is_ready_without_the_fixed_iopub_waits():
    # jupyter_client's wait_for_ready reads IOPub with a 0.2 s timeout after the kernel_info reply
    # and drains it until 0.2 s of silence: 0.2 to 0.4 s per notebook. The runner's client never
    # waits that long for IOPub, and the first cell's output still arrives whole.
    from jupyter_client.asynchronous import AsyncKernelClient

    timeouts, text = _start_and_wait()
    assert timeouts and all(t is not None and t <= runner.READY_POLL for t in timeouts)
    assert text == "first cell\n"
    stock_timeouts, stock_text = _start_and_wait(AsyncKernelClient)
    assert 0.2 in stock_timeouts and stock_text == text  # what the runner no longer does


def test_the_ready_client_gives_the_bytes_of_the_stock_client(tmp_path, monkeypatch):
    from jupyter_client.asynchronous import AsyncKernelClient

    nb = notebook(tmp_path / "ok.ipynb", "import sys\nprint(x * 2)", "sys.stderr.write('e\\n')", "x")
    ours, stock = tmp_path / "ours.ipynb", tmp_path / "stock.ipynb"
    runner.execute(nb, {"x": 21}, ours)
    monkeypatch.setattr(runner, "_ready_client_class", lambda: AsyncKernelClient)
    runner.execute(nb, {"x": 21}, stock)
    assert ours.read_bytes() == stock.read_bytes()


def test_a_kernel_launched_first_is_taken_over_and_gives_the_same_bytes(tmp_path):
    # The stages start their kernel before importing jupyter_client; the manager that takes it over
    # runs the notebook exactly as one that started the kernel itself, and stops it.
    nb = notebook(tmp_path / "ok.ipynb", "import sys\nprint(x * 2)", "sys.stderr.write('e\\n')", "x")
    early, own = tmp_path / "early.ipynb", tmp_path / "own.ipynb"
    launched = runner.launch(tmp_path)
    assert launched.process.poll() is None and Path(launched.connection_file).is_file()
    runner.execute(nb, {"x": 21}, early, launched=launched)
    assert launched.process.poll() is not None and not Path(launched.folder.name).exists()
    runner.execute(nb, {"x": 21}, own)
    assert early.read_bytes() == own.read_bytes()
    assert nbformat.read(early, 4).cells[2].outputs[0]["text"] == "42\n"
    assert _kernels_of(os.getpid()) == set()


def test_a_launched_kernel_is_stopped_when_the_notebook_cannot_run(tmp_path):
    # a notebook whose paired script disagrees is refused after the kernel was launched: the
    # kernel does not outlive the refusal, nor does its folder
    script = tmp_path / "pair.py"
    script.write_text("# %%\nx = 1\n", encoding="utf-8")
    notebook(tmp_path / "pair.ipynb", "x = 2")
    launched = runner.launch(tmp_path)
    with pytest.raises(runner.NotebookFailed, match="differ"):
        runner.execute(script, {}, launched=launched)
    assert launched.process.poll() is not None and not Path(launched.folder.name).exists()
    assert _kernels_of(os.getpid()) == set()
    # and one nobody took over is killed by discard()
    other = runner.launch(tmp_path)
    other.discard()
    assert other.process.poll() is not None and not Path(other.folder.name).exists()


def test_a_chapter_that_draws_no_figure_does_not_preload_matplotlib(tmp_path):
    # the kernel imports what the chapter needs as it starts; matplotlib only where figures are drawn
    for stem in ("00_summary", "70_methods"):
        assert not set(runner.FIGURE_MODULES) & set(runner.chapter_preload(ROOT / "notebooks" / f"{stem}.py"))
    assert runner.chapter_preload(ROOT / "notebooks" / "10_lecko.py") == runner.CHAPTER_PRELOAD
    script = tmp_path / "s.py"
    script.write_text("# %%\nfrom analysis.publish import (fmt,\n    plots)\n", encoding="utf-8")
    assert runner.chapter_preload(script) == runner.CHAPTER_PRELOAD
    script.write_text("# %%\npkgs = ['matplotlib']  # a word, not an import\n", encoding="utf-8")
    assert "matplotlib.pyplot" not in runner.chapter_preload(script)


def test_a_stage_ends_at_once_with_its_code_and_every_line_it_printed():
    # exit_now skips the interpreter's teardown; what the stage printed, buffered or not, still arrives
    code = ("import sys; from analysis.pipeline.runner import exit_now; print('wrote a'); print('wrote b', end=''); "
            "sys.stderr.write('stage failed: x'); exit_now(3)")
    res = subprocess.run([str(BIN / "python"), "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert (res.returncode, res.stdout, res.stderr) == (3, "wrote a\nwrote b", "stage failed: x")
