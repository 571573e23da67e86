#!/usr/bin/python3
"""Owner churn for test/faults/proc-live.test.ts, inside the test's namespace.

Holds a listener on 127.0.0.1:7000 (this process) and one owned by nobody on 127.0.0.1:7001 (a
child that dropped to uid 65534); prints READY. Then, until stdin closes, keeps forking
short-lived children: child k binds 127.0.0.1:(10000 + k % 10000) (below the ephemeral range),
listens, sometimes connects to itself, and after 0.3 to 1 s exits, or first execs `sleep`
keeping the socket (a holder that changes program). Children close the inherited 7000 at once, but hold it until then:
any child may be shown as an owner of 7000. Every (pid, port) pair is written to the log
file given as argv[1] as soon as the child is forked; the test reads it after its runs, to check
every owner it was shown.
"""
import ctypes, os, random, signal, socket, sys, threading, time

log = open(sys.argv[1], "a", buffering=1)
main = socket.socket(); main.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
main.bind(("127.0.0.1", 7000)); main.listen(8)
log.write("%d 7000\n" % os.getpid())

r, w = os.pipe()
nob = os.fork()
if nob == 0:
    main.close()
    os.setgid(65534); os.setuid(65534)
    # a process that changed its uid is not dumpable: its /proc/<pid>/fd would stay root's
    ctypes.CDLL(None).prctl(4, 1, 0, 0, 0)  # PR_SET_DUMPABLE
    s = socket.socket(); s.bind(("127.0.0.1", 7001)); s.listen(8)
    os.write(w, b"1")
    while True:
        signal.pause()
os.read(r, 1)
log.write("%d 7001\n" % nob)

stop = threading.Event()
def reaper():
    while not stop.is_set():
        try:
            os.waitpid(-1, 0)
        except ChildProcessError:
            time.sleep(0.01)
threading.Thread(target=reaper, daemon=True).start()

def churn():
    k = 0
    rnd = random.Random(7)
    while not stop.is_set():
        port = 10000 + k % 10000
        k += 1
        mode = rnd.randrange(3)
        pid = os.fork()
        if pid == 0:
            try:
                main.close()
                s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                s.bind(("127.0.0.1", port)); s.listen(4)
                if mode == 1:
                    c = socket.create_connection(("127.0.0.1", port)); a, _ = s.accept()
                time.sleep(0.3 + rnd.random() * 0.7)
                if mode == 2:
                    os.set_inheritable(s.fileno(), True)
                    os.execv("/bin/sleep", ["sleep", "0.5"])
            finally:
                os._exit(0)
        log.write("%d %d\n" % (pid, port))
        time.sleep(0.01)

sys.stdout.write("READY\n"); sys.stdout.flush()
threading.Thread(target=churn, daemon=True).start()
sys.stdin.read()
stop.set()
os.kill(nob, 9)
