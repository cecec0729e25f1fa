"""Drives a command in a pseudo-terminal: waits for each expected regex, then types the text.

usage: python3 pty-drive.py STEPS_JSON TIMEOUT_S -- command args...
STEPS_JSON: [{"expect": "regex", "send": "text\\r", "signal": "CONT", "pause": 0.2}, ...]
  expect: wait until the transcript matches (optional); send: type it (optional);
  signal: send this signal to the command afterwards, e.g. CONT for `fg` after Ctrl+Z (optional);
  pause: seconds to keep reading before the next step (optional);
  sendFrom: a file path: wait until it exists and is not empty, then type its contents (optional;
  for what the test learns only while the command runs, e.g. a verify code).
The transcript is also written to stdout as it comes, so the test can follow the screen.
Prints the whole terminal transcript; exits with the command's exit code, 99 when an expected text
never came, 98 when the command did not exit within TIMEOUT_S after the last step.
"""
import json, os, pty, re, select, signal, sys, time

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
    view = memoryview(data)
    while view:
        view = view[os.write(1, view):]
    return True

def give_up(code, why):
    sys.stdout.write('\n[pty-drive] %s\n' % why)
    sys.stdout.flush()
    try:
        os.kill(pid, 9)
    except OSError:
        pass
    sys.exit(code)

alive = True
for step in steps:
    if 'expect' in step:
        pattern = re.compile(step['expect'].encode(), re.M)
        deadline = time.time() + timeout
        while not pattern.search(out):
            if time.time() > deadline or not alive:
                give_up(99, 'timed out waiting for %r' % step['expect'])
            alive = pump(0.05)
    if 'sendFrom' in step:
        deadline = time.time() + timeout
        while not (os.path.exists(step['sendFrom']) and os.path.getsize(step['sendFrom']) > 0):
            if time.time() > deadline or not alive:
                give_up(99, 'timed out waiting for the file %r' % step['sendFrom'])
            alive = pump(0.05)
        with open(step['sendFrom'], 'rb') as f:
            os.write(fd, f.read())
    if 'send' in step:
        os.write(fd, step['send'].encode())
    if 'signal' in step:
        os.kill(pid, getattr(signal, 'SIG' + step['signal']))
    if 'pause' in step:
        until = time.time() + float(step['pause'])
        while alive and time.time() < until:
            alive = pump(0.05)

deadline = time.time() + timeout
while True:
    if alive:
        alive = pump(0.05)
    done, status = os.waitpid(pid, os.WNOHANG)
    if done == pid:
        break
    if time.time() > deadline:
        give_up(98, 'the command did not exit within %ss after the last step' % timeout)
    if not alive:
        time.sleep(0.05)
while alive:
    alive = pump(0.05)
sys.exit(os.waitstatus_to_exitcode(status) if hasattr(os, 'waitstatus_to_exitcode') else status >> 8)
