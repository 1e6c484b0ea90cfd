#!/usr/bin/env python3
"""A local RFC 3161 timestamping authority for tests, on loopback only, built on `openssl ts`.

Usage: local-tsa.py FOLDER
Makes a throwaway CA and a TSA certificate (extendedKeyUsage timeStamping) in FOLDER, writes FOLDER/ca.crt
(what a verifier trusts), listens on 127.0.0.1 on a free port, prints "PORT <n>" and answers each
POST (application/timestamp-query) with `openssl ts -reply` (application/timestamp-reply) until its
standard input closes (so it never outlives the test that started it) or it gets SIGTERM.
"""
import http.server, os, signal, subprocess, sys, tempfile, threading


def run(*args: str) -> None:
    subprocess.run(args, check=True, capture_output=True)


def make_authority(folder: str) -> str:
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"]
    run("openssl", "req", "-x509", *ec, "-keyout", f"{folder}/ca.key", "-out", f"{folder}/ca.crt",
        "-subj", "/CN=FundLedger test CA", "-days", "2",
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign")
    run("openssl", "req", *ec, "-keyout", f"{folder}/tsa.key", "-out", f"{folder}/tsa.csr", "-subj", "/CN=FundLedger test TSA")
    with open(f"{folder}/ext.cnf", "w") as f:
        f.write("extendedKeyUsage=critical,timeStamping\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n")
    run("openssl", "x509", "-req", "-in", f"{folder}/tsa.csr", "-CA", f"{folder}/ca.crt", "-CAkey", f"{folder}/ca.key",
        "-CAcreateserial", "-out", f"{folder}/tsa.crt", "-days", "2", "-extfile", f"{folder}/ext.cnf")
    with open(f"{folder}/tsaserial", "w") as f:
        f.write("01\n")
    config = f"{folder}/tsa.cnf"
    with open(config, "w") as f:
        f.write(f"""[ tsa ]
default_tsa = tsa_config1
[ tsa_config1 ]
dir = {folder}
serial = $dir/tsaserial
crypto_device = builtin
signer_cert = $dir/tsa.crt
certs = $dir/tsa.crt
signer_key = $dir/tsa.key
signer_digest = sha256
default_policy = 1.2.3.4.1
other_policies = 1.2.3.4.2
digests = sha256
accuracy = secs:1
ordering = yes
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
""")
    return config


def main() -> int:
    if len(sys.argv) != 2 or not os.path.isdir(sys.argv[1]):
        print("usage: local-tsa.py FOLDER", file=sys.stderr)
        return 2
    folder = os.path.abspath(sys.argv[1])
    config = make_authority(folder)

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            query = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            with tempfile.TemporaryDirectory() as work:
                open(f"{work}/q.tsq", "wb").write(query)
                done = subprocess.run(["openssl", "ts", "-reply", "-queryfile", f"{work}/q.tsq", "-config", config,
                                       "-out", f"{work}/r.tsr"], capture_output=True)
                if done.returncode != 0:
                    self.send_error(400, "bad timestamp query")
                    return
                reply = open(f"{work}/r.tsr", "rb").read()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, *args):
            pass

    # A parent may start us with SIGTERM blocked; and when its end of our stdin closes, we are done.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    threading.Thread(target=lambda: (sys.stdin.buffer.read(), os._exit(0)), daemon=True).start()
    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    print(f"PORT {server.server_address[1]}", flush=True)
    server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
