#!/usr/bin/env python3
"""Drives a command through a real pseudo-terminal, as a person would.

usage: coach_pty.py STEP... -- COMMAND [ARG...]

Each STEP, in order:
  expect:TEXT   wait until TEXT appears in the terminal's output (after
                what earlier steps matched)
  send:TEXT     type TEXT once the terminal is in the line editor's
                (non-canonical) mode; Python escapes are decoded, so \\r
                is Enter, \\x03 Ctrl-C, \\x04 Ctrl-D, \\x15 Ctrl-U,
                \\x1b[D the left arrow; text beyond ASCII is typed as
                UTF-8 (\\xNN is the byte NN)
  type:TEXT     type TEXT now, as send does but without waiting for the
                line editor: for a line read in the terminal's canonical
                mode (the kernel's line discipline holds it until Enter)
  close         close the terminal (the command is sent SIGHUP)
  run:CMD       run CMD with /bin/sh now (in the current directory), to
                change the world while the command waits at a question
  signal:NAME   send the command the signal NAME (TERM, INT)

Then it reads until the command closes the terminal, waits for it, prints
everything the terminal showed on standard output and exits with the
command's status (128+N for signal N). A step that times out (KATA_PTY_TIMEOUT
seconds, 10 by default) or output that never ends fails with status 124,
the command killed, so that a hang fails a test instead of blocking it.
"""

import codecs
import errno
import os
import pty
import select
import signal
import subprocess
import sys
import termios
import time

TIMEOUT = float(os.environ.get("KATA_PTY_TIMEOUT", "10"))


def main(argv):
    if "--" not in argv:
        sys.stderr.write("usage: coach_pty.py STEP... -- COMMAND [ARG...]\n")
        return 2
    sep = argv.index("--")
    steps, cmd = argv[:sep], argv[sep + 1:]
    if not cmd:
        sys.stderr.write("coach_pty.py: no command\n")
        return 2

    env = dict(os.environ)
    env["TERM"] = env.get("TERM") or "vt100"
    pid, fd = pty.fork()
    if pid == 0:
        try:
            os.execvpe(cmd[0], cmd, env)
        finally:
            os._exit(127)

    seen = bytearray()   # everything the terminal showed
    pos = 0              # where the next expect starts looking
    closed = False       # the command closed its side (EIO) or we did
    fd_open = True

    def pump(deadline):
        """Reads what is there until the deadline; False at end of output."""
        nonlocal closed
        if closed:
            return False
        left = deadline - time.monotonic()
        if left <= 0:
            return True
        r, _, _ = select.select([fd], [], [], left)
        if not r:
            return True
        try:
            data = os.read(fd, 4096)
        except OSError as e:
            if e.errno != errno.EIO:
                raise
            data = b""
        if not data:
            closed = True
            return False
        seen.extend(data)
        return True

    def give_up(why):
        sys.stdout.write(seen.decode("utf-8", "replace"))
        sys.stdout.flush()
        sys.stderr.write("coach_pty.py: %s\n" % why)
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
        return 124

    for step in steps:
        if step.startswith("expect:"):
            want = step[len("expect:"):].encode("utf-8")
            deadline = time.monotonic() + TIMEOUT
            while True:
                i = seen.find(want, pos)
                if i >= 0:
                    pos = i + len(want)
                    break
                if time.monotonic() >= deadline:
                    return give_up("timed out waiting for %r" % want.decode())
                if not pump(deadline):
                    return give_up("the command ended before %r" % want.decode())
        elif step.startswith("send:"):
            # the escapes decoded, the rest kept as its UTF-8 bytes
            data = codecs.decode(step[len("send:"):].encode("utf-8"),
                                 "unicode_escape").encode("latin-1")
            text = data.decode("utf-8", "replace")
            # as a person does, type once the line editor reads the keys:
            # the terminal out of canonical mode (libedit turns it so only
            # after what it offers is shown; keys that come before are the
            # kernel's line discipline's, not the editor's)
            deadline = time.monotonic() + TIMEOUT
            while termios.tcgetattr(fd)[3] & termios.ICANON:
                if time.monotonic() >= deadline:
                    return give_up("the terminal never left canonical mode")
                if not pump(min(deadline, time.monotonic() + 0.01)):
                    return give_up("the command ended before %r was typed" % text)
            os.write(fd, data)
        elif step.startswith("type:"):
            os.write(fd, codecs.decode(step[len("type:"):].encode("utf-8"),
                                       "unicode_escape").encode("latin-1"))
        elif step.startswith("run:"):
            if subprocess.call(["/bin/sh", "-c", step[len("run:"):]]) != 0:
                return give_up("%r failed" % step)
        elif step.startswith("signal:"):
            os.kill(pid, getattr(signal, "SIG" + step[len("signal:"):]))
        elif step == "close":
            os.close(fd)
            closed = True
            fd_open = False
        else:
            return give_up("unknown step %r" % step)

    deadline = time.monotonic() + TIMEOUT
    while pump(deadline):
        if time.monotonic() >= deadline:
            return give_up("the command did not end")
    if fd_open:
        os.close(fd)
    # the terminal is closed; the command must end soon after
    deadline = time.monotonic() + TIMEOUT
    while True:
        wpid, status = os.waitpid(pid, os.WNOHANG)
        if wpid:
            break
        if time.monotonic() >= deadline:
            return give_up("the command did not exit")
        time.sleep(0.02)
    sys.stdout.write(seen.decode("utf-8", "replace"))
    sys.stdout.flush()
    if os.WIFSIGNALED(status):
        return 128 + os.WTERMSIG(status)
    return os.WEXITSTATUS(status)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
