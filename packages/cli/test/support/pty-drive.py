"""Drives a command in a pseudo-terminal: waits for each expected regex, then types the text.

usage: python3 pty-drive.py STEPS_JSON TIMEOUT_S -- command args...
STEPS_JSON: [{"expect": "regex", "send": "text\\r"}, ...] ("send" optional)
Prints the whole terminal transcript; exits with the command's exit code, or 99 on a timeout.
"""
import json, os, pty, re, select, sys, time

steps = json.loads(sys.argv[1])
timeout = float(sys.argv[2])
cmd = sys.argv[sys.argv.index('--') + 1:]

pid, fd = pty.fork()
if pid == 0:
    os.execvp(cmd[0], cmd)

out = b''
def pump(wait):
    global out
    r, _, _ = select.select([fd], [], [], wait)
    if not r:
        return True
    try:
        data = os.read(fd, 65536)
    except OSError:
        return False
    if not data:
        return False
    out += data
    return True

alive = True
for step in steps:
    pattern = re.compile(step['expect'].encode(), re.M)
    deadline = time.time() + timeout
    while not pattern.search(out):
        if time.time() > deadline or not alive:
            sys.stdout.write(out.decode('utf8', 'replace'))
            sys.stdout.write('\n[pty-drive] timed out waiting for %r\n' % step['expect'])
            try:
                os.kill(pid, 9)
            except OSError:
                pass
            sys.exit(99)
        alive = pump(0.05)
    if 'send' in step:
        os.write(fd, step['send'].encode())

deadline = time.time() + timeout
while alive and time.time() < deadline:
    alive = pump(0.05)
_, status = os.waitpid(pid, 0)
sys.stdout.write(out.decode('utf8', 'replace'))
sys.exit(os.waitstatus_to_exitcode(status) if hasattr(os, 'waitstatus_to_exitcode') else status >> 8)
