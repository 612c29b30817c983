"""Ties a command's whole process tree, and a folder, to the life of the process that started it.

LibreOffice runs several processes deep (soffice → oosplash → soffice.bin, under
docgen's UNO worker), and an operating system ends only the process it is told
to: when docgen is killed (kill -9, a closed terminal, a crash), what it started
goes on running, orphaned, with its profile folder. A parent-death signal does
not help: it reaches a direct child only, and is tied to the thread that
started it. So docgen starts LibreOffice under this small program:

    PYTHON lifeline.py PARENT_PID PATH [PATH…] -- [COMMAND [ARG…]]

It starts COMMAND, handing it its own standard input and output (the caller
talks to COMMAND directly), in a process group of its own (POSIX) or a Job
Object that ends every process in it when closed (Windows), then watches both
sides:

- COMMAND ends while the caller lives: what is left of its tree is ended and the
  lifeline exits with COMMAND's exit code (the PATHs are the caller's: they stay);
- the process that started the lifeline (PARENT_PID: one that is gone even
  before the lifeline looks is seen as gone) ends, however it ended, or the
  lifeline is asked to stop (SIGTERM): the whole tree is ended at once, the
  PATHs (folders or files: the office's folder, its pipe) are removed, and the
  lifeline exits. Without COMMAND it only guards the PATHs, until then.

It is run as a script by the caller's own Python, never imported by docgen,
so it uses the standard library alone and starts in milliseconds.
"""

import os
import shutil
import signal
import subprocess
import sys
import time

POLL_SECONDS = 0.1  # how soon the death of the caller is noticed
GONE_SECONDS = 2.0  # how long the ended tree gets to release its files before the PATHs are removed


class Tree:
    """COMMAND's process tree: a process group (POSIX)."""

    def __init__(self, command):
        self.child = subprocess.Popen(command, start_new_session=True)  # its own session: its own group
        self.group = self.child.pid  # a group id is never reused while the group has a member

    def end(self):
        try:
            os.killpg(self.group, signal.SIGKILL)
        except OSError:
            pass  # already empty
        self.child.wait()
        deadline = time.monotonic() + GONE_SECONDS
        while self.running() and time.monotonic() < deadline:
            time.sleep(0.02)

    def running(self):
        """Return whether a member of the group is still running (not a zombie waiting for init)."""
        try:
            os.killpg(self.group, 0)
        except OSError:
            return False  # no member left
        if not os.path.isdir("/proc/self"):
            return True
        for entry in os.scandir("/proc"):
            if entry.name.isdigit():
                try:
                    with open(f"/proc/{entry.name}/stat", "rb") as f:
                        fields = f.read().rsplit(b")", 1)[1].split()  # after the command's name
                except OSError:
                    continue
                if int(fields[2]) == self.group and fields[0] != b"Z":  # fields: state, ppid, pgrp
                    return True
        return False


class Parent:
    """The process that started the lifeline (POSIX: orphans are adopted, so the parent id changes)."""

    def __init__(self, pid):
        self.pid = pid

    def gone(self):
        return os.getppid() != self.pid


class JobTree:
    """COMMAND's process tree on Windows: a Job Object that kills every process in it when its last
    handle closes (this process's, so even a lifeline killed outright takes the tree with it).

    COMMAND starts suspended and runs only once it is in the job, so nothing it starts can escape.
    Where no job can be had (one that allows no nesting, before Windows 8), the direct child alone
    is ended. Written from the Windows API's documentation; the tests run it on POSIX only."""

    def __init__(self, command):
        import ctypes  # Windows only
        from ctypes import wintypes  # Windows only

        self.kernel32 = kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
        kernel32.CreateJobObjectW.restype = wintypes.HANDLE
        kernel32.CreateJobObjectW.argtypes = (ctypes.c_void_p, wintypes.LPCWSTR)
        kernel32.SetInformationJobObject.argtypes = (wintypes.HANDLE, ctypes.c_int, ctypes.c_void_p, wintypes.DWORD)
        kernel32.AssignProcessToJobObject.argtypes = (wintypes.HANDLE, wintypes.HANDLE)
        kernel32.TerminateJobObject.argtypes = (wintypes.HANDLE, wintypes.UINT)

        class Basic(ctypes.Structure):  # JOBOBJECT_BASIC_LIMIT_INFORMATION
            _fields_ = [("PerProcessUserTimeLimit", ctypes.c_int64), ("PerJobUserTimeLimit", ctypes.c_int64),
                        ("LimitFlags", wintypes.DWORD), ("MinimumWorkingSetSize", ctypes.c_size_t),
                        ("MaximumWorkingSetSize", ctypes.c_size_t), ("ActiveProcessLimit", wintypes.DWORD),
                        ("Affinity", ctypes.c_size_t), ("PriorityClass", wintypes.DWORD),
                        ("SchedulingClass", wintypes.DWORD)]

        class Counters(ctypes.Structure):  # IO_COUNTERS
            _fields_ = [(name, ctypes.c_uint64) for name in ("ReadOperationCount", "WriteOperationCount",
                                                             "OtherOperationCount", "ReadTransferCount",
                                                             "WriteTransferCount", "OtherTransferCount")]

        class Extended(ctypes.Structure):  # JOBOBJECT_EXTENDED_LIMIT_INFORMATION
            _fields_ = [("BasicLimitInformation", Basic), ("IoInfo", Counters),
                        ("ProcessMemoryLimit", ctypes.c_size_t), ("JobMemoryLimit", ctypes.c_size_t),
                        ("PeakProcessMemoryUsed", ctypes.c_size_t), ("PeakJobMemoryUsed", ctypes.c_size_t)]

        self.job = kernel32.CreateJobObjectW(None, None)  # its handle is not inheritable: ours alone
        limits = Extended()
        limits.BasicLimitInformation.LimitFlags = 0x2000  # JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE
        if self.job and not kernel32.SetInformationJobObject(self.job, 9, ctypes.byref(limits),
                                                             ctypes.sizeof(limits)):  # 9: extended limits
            self.job = None
        suspended, new_group = 0x4, 0x200  # CREATE_SUSPENDED, CREATE_NEW_PROCESS_GROUP
        self.child = subprocess.Popen(command, creationflags=suspended | new_group)
        handle = wintypes.HANDLE(int(self.child._handle))
        if self.job and not kernel32.AssignProcessToJobObject(self.job, handle):
            self.job = None  # a job that allows no nesting (before Windows 8): the direct child alone
        ntdll = ctypes.WinDLL("ntdll")
        ntdll.NtResumeProcess.argtypes = (wintypes.HANDLE,)
        ntdll.NtResumeProcess(handle)  # runs the main thread that CreateProcess left suspended

    def end(self):
        if self.job:
            self.kernel32.TerminateJobObject(self.job, 1)
        else:
            self.child.kill()
        self.child.wait()


class WindowsParent:
    """The process that started the lifeline, held open by a handle (so its id is not reused)."""

    def __init__(self, pid):
        import ctypes  # Windows only
        from ctypes import wintypes  # Windows only

        self.kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
        self.kernel32.OpenProcess.restype = wintypes.HANDLE
        self.kernel32.OpenProcess.argtypes = (wintypes.DWORD, wintypes.BOOL, wintypes.DWORD)
        self.kernel32.WaitForSingleObject.argtypes = (wintypes.HANDLE, wintypes.DWORD)
        self.handle = self.kernel32.OpenProcess(0x00100000, False, pid)  # SYNCHRONIZE

    def gone(self):
        return not self.handle or self.kernel32.WaitForSingleObject(self.handle, 0) == 0  # WAIT_OBJECT_0


def remove(paths):
    """Remove each path (a folder and what it holds, or a file), trying again while the ended
    processes still hold their files (Windows)."""
    deadline = time.monotonic() + GONE_SECONDS
    while True:
        for path in paths:
            if os.path.isdir(path) and not os.path.islink(path):
                shutil.rmtree(path, ignore_errors=True)
            else:
                try:
                    os.remove(path)
                except OSError:
                    pass
        if not any(os.path.lexists(path) for path in paths) or time.monotonic() > deadline:
            return
        time.sleep(0.05)


def detach():
    """Give the lifeline's own copies of the standard streams back: the caller must see the end of
    COMMAND's output when COMMAND ends, not when the lifeline does."""
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.close(null)


def main():
    if "--" not in sys.argv[3:] or not sys.argv[1].isdigit():
        sys.exit("usage: lifeline.py PARENT_PID PATH [PATH...] -- [COMMAND [ARG...]]")
    split = sys.argv.index("--", 3)
    paths, command = sys.argv[2:split], sys.argv[split + 1:]
    windows = os.name == "nt"
    parent = (WindowsParent if windows else Parent)(int(sys.argv[1]))
    stop = []
    # A signal meant for the caller's terminal or group is not the lifeline's: it ends when its
    # caller does. SIGTERM is how a POSIX caller asks it to end the tree now (a Windows caller
    # terminates it, and the Job Object ends the tree).
    for name in ("SIGINT", "SIGHUP", "SIGQUIT", "SIGBREAK"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_IGN)
    if not windows:
        signal.signal(signal.SIGTERM, lambda signum, frame: stop.append(signum))
    tree = (JobTree(command) if windows else Tree(command)) if command else None
    detach()
    while True:
        try:
            code = tree.child.wait(timeout=POLL_SECONDS) if tree else time.sleep(POLL_SECONDS)
        except subprocess.TimeoutExpired:
            code = None
        # COMMAND may end because its caller did (the office's worker quits when its input closes, which
        # is when docgen dies): the caller is asked about before COMMAND's end is taken as an ordinary one.
        if code is not None and not (stop or parent.gone()):
            tree.end()  # whatever COMMAND left behind (a worker killed under its office)
            sys.exit(code if code >= 0 else 128 - code)
        if stop or parent.gone():
            if tree:
                tree.end()
            remove(paths)
            sys.exit(1)


if __name__ == "__main__":
    main()
