"""Ties a command's whole process tree, and a folder, to the life of the process that started it.

LibreOffice runs several processes deep (soffice → oosplash → soffice.bin, under
docgen's UNO worker), and an operating system ends only the process it is told
to: when docgen is killed (kill -9, a closed terminal, a crash), what it started
goes on running, orphaned, with its profile folder. A parent-death signal does
not help: it reaches a direct child only, and is tied to the thread that
started it. So docgen starts LibreOffice under this small program:

    PYTHON lifeline.py FOLDER -- COMMAND [ARG…]

It starts COMMAND, handing it its own standard input and output (the caller
talks to COMMAND directly), in a process group of its own (POSIX) or a Job
Object that ends every process in it when closed (Windows), then watches both
sides:

- COMMAND ends: what is left of its tree is ended and the lifeline exits with
  COMMAND's exit code (FOLDER is the caller's: it stays);
- the process that started the lifeline ends, however it ended, or the
  lifeline is asked to stop (SIGTERM): the whole tree is ended at once, FOLDER
  is removed, and the lifeline exits.

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
GONE_SECONDS = 2.0  # how long the ended tree gets to release its files before FOLDER is removed


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

    def __init__(self):
        self.pid = os.getppid()

    def gone(self):
        return os.getppid() != self.pid


class JobTree:
    """COMMAND's process tree on Windows: a Job Object that kills every process in it when its last
    handle closes (this process's, so even a lifeline killed outright takes the tree with it).

    COMMAND starts suspended and runs only once it is in the job, so nothing it starts can escape."""

    def __init__(self, command):
        import ctypes
        from ctypes import wintypes

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

        self.job = kernel32.CreateJobObjectW(None, None)
        if not self.job:
            raise ctypes.WinError(ctypes.get_last_error())
        limits = Extended()
        limits.BasicLimitInformation.LimitFlags = 0x2000  # JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE
        if not kernel32.SetInformationJobObject(self.job, 9, ctypes.byref(limits), ctypes.sizeof(limits)):
            raise ctypes.WinError(ctypes.get_last_error())  # 9: JobObjectExtendedLimitInformation
        suspended, new_group = 0x4, 0x200  # CREATE_SUSPENDED, CREATE_NEW_PROCESS_GROUP
        self.child = subprocess.Popen(command, creationflags=suspended | new_group)
        handle = wintypes.HANDLE(int(self.child._handle))
        if not kernel32.AssignProcessToJobObject(self.job, handle):
            error = ctypes.get_last_error()
            self.child.kill()
            raise ctypes.WinError(error)
        ntdll = ctypes.WinDLL("ntdll")
        ntdll.NtResumeProcess.argtypes = (wintypes.HANDLE,)
        ntdll.NtResumeProcess(handle)  # resumes the main thread CreateProcess left suspended

    def end(self):
        self.kernel32.TerminateJobObject(self.job, 1)
        self.child.wait()


class WindowsParent:
    """The process that started the lifeline, held open by a handle (so its id is not reused)."""

    def __init__(self):
        import ctypes
        from ctypes import wintypes

        self.kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
        self.kernel32.OpenProcess.restype = wintypes.HANDLE
        self.kernel32.OpenProcess.argtypes = (wintypes.DWORD, wintypes.BOOL, wintypes.DWORD)
        self.kernel32.WaitForSingleObject.argtypes = (wintypes.HANDLE, wintypes.DWORD)
        self.handle = self.kernel32.OpenProcess(0x00100000, False, os.getppid())  # SYNCHRONIZE

    def gone(self):
        return not self.handle or self.kernel32.WaitForSingleObject(self.handle, 0) == 0  # WAIT_OBJECT_0


def remove(folder):
    """Remove folder, trying again while the ended processes still hold its files (Windows)."""
    deadline = time.monotonic() + GONE_SECONDS
    while True:
        shutil.rmtree(folder, ignore_errors=True)
        if not os.path.exists(folder) or time.monotonic() > deadline:
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
    if len(sys.argv) < 4 or sys.argv[2] != "--":
        sys.exit("usage: lifeline.py FOLDER -- COMMAND [ARG...]")
    folder, command = sys.argv[1], sys.argv[3:]
    windows = os.name == "nt"
    parent = WindowsParent() if windows else Parent()
    stop = []
    # A signal meant for the caller's terminal or group is not the lifeline's: it ends when its
    # caller does. SIGTERM is how a POSIX caller asks it to end the tree now (a Windows caller
    # terminates it, and the Job Object ends the tree).
    for name in ("SIGINT", "SIGHUP", "SIGQUIT", "SIGBREAK"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_IGN)
    if not windows:
        signal.signal(signal.SIGTERM, lambda signum, frame: stop.append(signum))
    tree = JobTree(command) if windows else Tree(command)
    detach()
    while True:
        try:
            code = tree.child.wait(timeout=POLL_SECONDS)
        except subprocess.TimeoutExpired:
            code = None
        if code is not None:
            tree.end()  # whatever COMMAND left behind (a worker killed under its office)
            sys.exit(code if code >= 0 else 128 - code)
        if stop or parent.gone():
            tree.end()
            remove(folder)
            sys.exit(1)


if __name__ == "__main__":
    main()
