"""Execute a parameterised notebook with papermill, reproducibly and safely.

This is the command every notebook stage of dvc.yaml calls. Compared with a bare `papermill`
call it
* reads the notebook's parameters from its params.yaml section (one place for parameters);
* runs the kernel in notebooks/, the directory JupyterLab and nbval use too;
* strips what changes from run to run (timestamps, durations, random cell ids, absolute paths),
  so that two builds give the same bytes;
* writes the executed notebook atomically, only when every cell succeeded: a failing cell fails
  the stage with the cell and its traceback, and the previous executed copy stays in place.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from queue import Empty
from typing import TYPE_CHECKING

from analysis import params as params_mod
from analysis import paths
from analysis.pipeline import atomic

if TYPE_CHECKING:
    import nbformat  # imported by `execute` once the kernel is starting

# Numerical libraries run on one thread in every stage: with several, the order in which partial
# sums are added depends on the core count, and so do the last bits of a result.
ONE_THREAD = {name: "1" for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                                     "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS")}

VOLATILE_NB_KEYS = ("start_time", "end_time", "duration", "input_path", "output_path")
VOLATILE_CELL_KEYS = ("start_time", "end_time", "duration")


KILL_POLL = 0.002  # seconds between two checks that a killed kernel has exited


def _ipc_kernel_manager(folder: str):
    """A kernel manager that talks to its kernel over Unix sockets in a private temporary folder.

    TCP on 127.0.0.1 fails where there is no network at all (`unshare -n` has no loopback), and
    warns that it is unencrypted; IPC needs neither. Its clients come from `_ready_client_class`.
    """
    from jupyter_client.manager import AsyncKernelManager
    from traitlets import default

    class IPCKernelManager(AsyncKernelManager):
        @default("transport")
        def _transport_default(self):
            return "ipc"

        @default("ip")
        def _ip_default(self):
            return os.path.join(folder, "kernel")

        @default("client_factory")
        def _client_factory_default(self):
            return _ready_client_class()

        async def _async_wait(self, pollinterval: float = KILL_POLL) -> None:
            # jupyter_client polls a killed kernel every 0.1 s, and the first poll, right after
            # the signal, finds it still alive: 0.1 s lost at the end of every stage.
            await super()._async_wait(pollinterval=KILL_POLL)

    return IPCKernelManager


READY_POLL = 0.02  # seconds to wait for the IOPub echo of one kernel_info request before asking again


@functools.cache
def _ready_client_class():
    """An async kernel client whose `wait_for_ready` returns as soon as the kernel is ready.

    jupyter_client's version asks for kernel_info, then waits 0.2 s on IOPub for a message proving
    the subscription is live (starting over when none came: the first request, sent before the
    subscription is in place, often has its busy/idle published to nobody), and at the end drains
    IOPub until 0.2 s pass without a message: two 0.2 s waits on every notebook. This one returns
    when the `idle` status of its own kernel_info request arrives on IOPub: the reply is in, IOPub
    is connected (so no output of the first cell can be lost), and the kernel has nothing left to
    publish for that request. Whatever the earlier requests left in the queues is harmless: nbclient
    keeps only messages whose parent is the request it waits for.
    """
    from jupyter_client.asynchronous import AsyncKernelClient

    class ReadyClient(AsyncKernelClient):
        def start_channels(self, *args, **kwargs):
            _CLIENTS.append(self)
            return super().start_channels(*args, **kwargs)

        async def wait_for_ready(self, timeout: float | None = None) -> None:
            deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
            while True:
                msg_id = self.kernel_info()
                if await self._idle_after(msg_id, min(deadline, time.monotonic() + 1)):
                    return
                if not await self._async_is_alive():
                    raise RuntimeError("Kernel died before replying to kernel_info")
                if time.monotonic() > deadline:
                    raise RuntimeError(f"Kernel didn't respond in {timeout:g} seconds")

        async def _idle_after(self, msg_id: str, until: float) -> bool:
            """Whether the shell reply and then the IOPub idle status of msg_id came before `until`."""
            while True:  # the reply, on shell, within a second (as jupyter_client waits)
                try:
                    msg = await self.shell_channel.get_msg(timeout=max(0.0, until - time.monotonic()))
                except Empty:
                    return False
                if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "kernel_info_reply":
                    self._handle_kernel_info_reply(msg)
                    break
            until = time.monotonic() + READY_POLL  # published just after the reply, if anyone listens
            while True:
                try:
                    msg = await self.iopub_channel.get_msg(timeout=max(0.0, until - time.monotonic()))
                except Empty:
                    return False
                if (msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "status"
                        and msg["content"].get("execution_state") == "idle"):
                    return True

        _async_wait_for_ready = wait_for_ready  # AsyncKernelClient binds the name to the base's

    return ReadyClient


class NotebookFailed(RuntimeError):
    """A cell raised; the message names the notebook, the cell and the error."""


def _relative(p: str | os.PathLike) -> str:
    try:
        return str(Path(p).resolve().relative_to(paths.ROOT))
    except ValueError:
        return str(p)


def normalise(nb: nbformat.NotebookNode, input_path: Path) -> nbformat.NotebookNode:
    """Remove everything that differs between two runs of the same notebook on the same data."""
    pm = nb.metadata.get("papermill", {})
    for key in VOLATILE_NB_KEYS:
        pm.pop(key, None)
    pm["input_path"] = _relative(input_path)
    for i, cell in enumerate(nb.cells):
        cell.metadata.pop("execution", None)
        cpm = cell.metadata.get("papermill")
        if cpm is not None:
            for key in VOLATILE_CELL_KEYS:
                cpm.pop(key, None)
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell["id"] = "injected-parameters"
        elif not cell.get("id"):
            cell["id"] = f"cell-{i}"
    nb.metadata.pop("widgets", None)
    return nb


#: Modules every chapter imports, imported by its kernel as it starts: the kernel is started before
#: papermill is even imported, so these imports run on the second core while this process imports
#: papermill and prepares the renderers (analysis.pipeline.build). Importing a module earlier
#: changes nothing a cell prints.
CHAPTER_PRELOAD = ("pandas", "matplotlib.pyplot", "analysis.data.load", "analysis.models.stage",
                   "analysis.models.verdicts", "analysis.publish.figures", "analysis.publish.plots",
                   "analysis.publish.report", "analysis.publish.tables", "analysis.publish.themes")

#: The modules of CHAPTER_PRELOAD that only a chapter drawing figures needs (matplotlib is 0.2 s).
FIGURE_MODULES = ("matplotlib.pyplot", "analysis.publish.plots")


def chapter_preload(script: Path) -> tuple[str, ...]:
    """What a chapter's kernel imports as it starts: CHAPTER_PRELOAD, without the figure modules for a
    chapter whose script imports neither matplotlib nor the study's plots (the summary, the methods)."""
    import ast

    draws = False
    for node in ast.walk(ast.parse(Path(script).read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""] + [f"{node.module}.{a.name}" for a in node.names]
        else:
            continue
        draws = draws or any(n.split(".")[0] in ("matplotlib", "seaborn") or n == "analysis.publish.plots"
                             for n in names)
    return CHAPTER_PRELOAD if draws else tuple(m for m in CHAPTER_PRELOAD if m not in FIGURE_MODULES)


#: The same for the pipeline stages, by params.yaml section.
STAGE_PRELOAD = {"clean": ("pandas", "analysis.data.clean", "analysis.publish.tables"),
                 "models": ("pandas", "analysis.models.studies", "analysis.models.stage", "analysis.publish.tables")}

_CLIENTS: list = []  # the clients papermill made for a kernel it does not own: closed with it


@dataclass
class Launched:
    """A kernel process started by `launch`, and what a kernel manager needs to take it over."""

    folder: tempfile.TemporaryDirectory  # its connection file and sockets; removed when it stops
    connection_file: str
    process: subprocess.Popen
    cmd: list[str]
    cwd: str

    def discard(self) -> None:
        """Kill the process if nothing took it over, and remove its folder."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.folder.cleanup()


def launch(cwd: Path, preload: tuple[str, ...] = ()) -> Launched:
    """A kernel of this interpreter in `cwd`, started at once with the standard library only.

    The kernel's start (about 0.7 s with its preloaded modules) is what every notebook stage waits
    for first; jupyter_client, which would launch it, takes 0.15 s to import. So the process is
    started here as jupyter_client's local provisioner starts it (the kernelspec's command, a new
    session, JPY_PARENT_PID so that it exits with this process, stdin closed), on IPC sockets in a
    private folder named by a connection file written first; `execute` hands it to a kernel
    manager that owns it from then on (`_attach`).
    """
    _kernel_environment()
    folder = tempfile.TemporaryDirectory(prefix="analysis-kernel-")
    connection = {"shell_port": 1, "iopub_port": 2, "stdin_port": 3, "control_port": 4, "hb_port": 5,
                  "ip": os.path.join(folder.name, "kernel"), "key": uuid.uuid4().hex, "transport": "ipc",
                  "signature_scheme": "hmac-sha256", "kernel_name": "python3"}
    connection_file = os.path.join(folder.name, "kernel.json")
    with open(connection_file, "w", encoding="utf-8") as fh:
        json.dump(connection, fh)
    cmd = [sys.executable, "-m", "ipykernel_launcher", "-f", connection_file,
           "--HistoryManager.hist_file=:memory:"]  # as nbclient starts its kernels
    if preload:
        cmd.append(f"--IPKernelApp.exec_lines=import {', '.join(preload)}")
    env = dict(os.environ, JPY_PARENT_PID=str(os.getpid()))
    env.pop("PYTHONEXECUTABLE", None)  # as jupyter_client: it would confuse the kernel's interpreter
    try:
        process = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, cwd=str(cwd), env=env, start_new_session=True)
    except BaseException:
        folder.cleanup()
        raise
    return Launched(folder, connection_file, process, cmd, str(cwd))


def _kernel_environment() -> None:
    """What the kernel inherits: this interpreter by its absolute path (the kernel starts in the
    notebook's folder, where a relative `.venv/bin/python` points nowhere), one thread for the
    numerical libraries, the project root, and the inline figure backend."""
    sys.executable = os.path.abspath(sys.executable)
    os.environ.setdefault("ANALYSIS_ROOT", str(paths.ROOT))
    os.environ.update(ONE_THREAD)  # inherited by the kernel, which imports numpy after this
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")


def _attach(launched: Launched):
    """A kernel manager owning the launched kernel, as if it had started it: papermill uses it as
    it uses any started kernel, and stopping it kills the process and removes its sockets."""
    from jupyter_client.provisioning import LocalProvisioner
    from jupyter_core.utils import run_sync

    class Provisioner(LocalProvisioner):
        async def pre_launch(self, **kwargs):
            km = self.parent
            km.load_connection_file(launched.connection_file)
            self.connection_info = km.get_connection_info()
            for started_with in ("extra_arguments", "env"):  # given to the process when it started
                kwargs.pop(started_with, None)
            return {**kwargs, "cmd": launched.cmd}

        async def launch_kernel(self, cmd, **kwargs):
            self.process = launched.process
            self.pid = self.process.pid
            self.pgid = os.getpgid(self.pid)
            self.cwd = launched.cwd
            return self.connection_info

    km = _ipc_kernel_manager(launched.folder.name)(kernel_name="python3")
    km.provisioner = Provisioner(kernel_id=str(uuid.uuid4()), kernel_spec=km.kernel_spec, parent=km)
    run_sync(km.start_kernel)(cwd=launched.cwd)
    return km


def _stop_kernel(km) -> None:
    """What nbclient does for a kernel it owns: kill it at once (every cell has finished, its files
    written), remove its sockets, close the clients."""
    from jupyter_core.utils import run_sync

    async def stop():
        try:
            if await km.is_alive():
                await km.shutdown_kernel(now=True)
        finally:
            await km.cleanup_resources()
            while _CLIENTS:
                _CLIENTS.pop().stop_channels()

    run_sync(stop)()


def execute(notebook: Path, parameters: dict, output: Path | None = None,
            preload: tuple[str, ...] = (), launched: Launched | None = None) -> nbformat.NotebookNode:
    """Run `notebook` with `parameters`; return the normalised executed notebook.

    The kernel is `launched` (started by the caller as early as it could), or started here.
    Raises NotebookFailed naming the cell when a cell raises; writes nothing in that case.
    """
    notebook = Path(notebook).resolve()
    if launched is None:
        launched = launch(notebook.parent, preload)
    try:
        km = _attach(launched)
        try:
            from analysis.pipeline import notebooks

            try:
                source = notebooks.read(notebook)  # the py:percent script, or a .ipynb
            except notebooks.NotebookOutOfSync as exc:
                raise NotebookFailed(str(exc)) from None
            import nbformat
            import papermill as pm
            from papermill.exceptions import PapermillExecutionError

            unexecuted = Path(launched.folder.name) / "notebook.ipynb"
            unexecuted.write_text(nbformat.writes(source), encoding="utf-8")
            try:
                nb = pm.execute_notebook(
                    str(unexecuted), None, parameters=parameters, cwd=str(notebook.parent),
                    kernel_name="python3", progress_bar=False, request_save_on_cell_execute=False,
                    log_output=False, km=km)
            except PapermillExecutionError as exc:
                tb = "\n".join(exc.traceback) if exc.traceback else ""
                raise NotebookFailed(
                    f"{_relative(notebook)} failed in cell {exc.cell_index} (execution count "
                    f"{exc.exec_count}):\n{exc.ename}: {exc.evalue}\n{_strip_ansi(tb)}") from None
        finally:
            _stop_kernel(km)
    finally:
        launched.discard()
    nb = normalise(nb, notebook)
    if output is not None:
        import nbformat

        atomic.write_file(Path(output), nbformat.writes(nb) + "\n")
    return nb


def _strip_ansi(text: str) -> str:
    """The traceback's terminal colours removed (nbconvert's filter, imported only when a stage
    fails: a successful run does not pay for nbconvert's import)."""
    from nbconvert.filters import strip_ansi

    return strip_ansi(text)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Run a notebook stage with its params.yaml section.")
    ap.add_argument("notebook", type=Path)
    ap.add_argument("--section", required=True, help="params.yaml section injected as parameters")
    ap.add_argument("--output", type=Path, required=True, help="executed notebook to write")
    args = ap.parse_args(argv)
    try:  # the whole params.yaml is checked before any work, then the stage takes its section
        parameters = params_mod.checked_section(args.section)
    except params_mod.ParamsError as exc:
        print(f"stage not run:\n{exc}", file=sys.stderr)
        return 1
    for folder in (paths.PROCESSED, paths.REPORTS):
        atomic.remove_stale_temporaries(folder)  # left by a killed run; targets are never half-written
    try:
        # The kernel first: it starts while this process imports what runs it.
        launched = launch(args.notebook.resolve().parent, STAGE_PRELOAD.get(args.section, ()))
        execute(args.notebook, parameters, args.output, launched=launched)
    except (NotebookFailed, atomic.WriteFailed) as exc:
        print(f"stage failed: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {_relative(args.output)}")
    return 0



def exit_now(code: int) -> None:
    """End a stage's process with `code` at once, skipping the interpreter's teardown of its two
    thousand modules (about 0.07 s a stage). Only from the command line, when `main` has returned:
    every output is written and synced, the kernel stopped, every child process joined; the
    standard streams are flushed first."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    exit_now(main())
