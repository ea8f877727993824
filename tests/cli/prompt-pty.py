#!/usr/bin/env python3
"""prompt-pty.py HELPER ARGS...: run the helper on a fresh pseudo-terminal
(its controlling terminal), answer its password prompt with "typed,secret"
and print everything the terminal showed, then "EXIT: <status>".  The
caller checks the prompt text, that the answer was not echoed, and the
masked kernel options line."""
import os
import pty
import select
import signal
import sys
import termios
import time

pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])

seen = b""
answered = False
deadline = time.time() + 20
while time.time() < deadline:
    ready, _, _ = select.select([fd], [], [], 0.2)
    if ready:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    # Answer once the prompt shows and the helper has turned echo off (the
    # pty master reports the terminal's modes).
    if not answered and b"Password for" in seen and not termios.tcgetattr(fd)[3] & termios.ECHO:
        os.write(fd, b"typed,secret\n")
        answered = True
done, status = os.waitpid(pid, os.WNOHANG)
if done == 0:
    os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
text = seen.decode(errors="replace").replace("\r", "")
text = text.replace("Password for", "PROMPT: Password for")
print(text)
print("EXIT: %d" % (os.WEXITSTATUS(status) if os.WIFEXITED(status) else -1))
