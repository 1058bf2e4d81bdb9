#!/usr/bin/env python3
"""gen_client_profiles.py - make data/client_profiles.tsv from captured hellos.

Usage: tools/gen_client_profiles.py CORPUS_DIR [OUT_TSV]
       tools/gen_client_profiles.py --c TSV   (print the C table for
                                               src/lib/policy/profiles.c)

Run once by hand over /work/shared/corpus/hellos (ClientHellos of real SMTP
clients on Debian 12, see its README.md); the TSV and the C table made from
it are committed, so the build never needs the corpus.  Columns: profile
name (used as "client:NAME"), corpus file, TLS versions offered (from
supported_versions), cipher suites in the order sent (SCSVs left out),
what produced the hello.
"""
import json
import os
import sys

# profile name -> corpus file
PROFILES = [
    ("postfix-3.7", "postfix-smtp-default.json"),
    ("postfix-3.7-high", "postfix-smtp-ciphers-high.json"),
    ("postfix-3.7-encrypt-tls12", "postfix-smtp-encrypt-tls12.json"),
    ("posttls-finger-3.7", "posttls-finger.json"),
    ("opensmtpd-6.8", "opensmtpd-default.json"),
    ("opensmtpd-6.8-compat", "opensmtpd-compat.json"),
    ("opensmtpd-6.8-secure", "opensmtpd-secure.json"),
    ("exim-4.96", "exim-remote_smtp.json"),
    ("sendmail-8.17", "sendmail-client.json"),
    ("openssl-3.0", "openssl-s_client.json"),
    ("gnutls-3.7", "gnutls-cli.json"),
    ("swaks", "swaks.json"),
    ("modern", "openssl-s_client.json"),
]
SCSV = {"0x00ff", "0x5600"}
VERS = {"0x0300": "ssl3", "0x0301": "tls10", "0x0302": "tls11",
        "0x0303": "tls12", "0x0304": "tls13"}


def row(corpus, name, fname):
    d = json.load(open(os.path.join(corpus, fname)))
    h = d["hellos"][0]
    suites = [c["code"].lower() for c in h["cipher_suites"]
              if c["code"].lower() not in SCSV]
    versions = []
    for e in h["extensions"]:
        if e.get("type") == 43:
            versions = [VERS[c] for c in e["decoded"]["codes"]
                        if c in VERS]
    if not versions:
        versions = [VERS[h["client_version_code"].lower()]]
    how = h.get("summary", {})
    client = how.get("client", "") if isinstance(how, dict) else ""
    return "\t".join([name, fname, ",".join(versions), ",".join(suites),
                      client or d.get("client", "")])


def c_table(tsv):
    out = []
    for line in open(tsv):
        if line.startswith("#") or not line.strip():
            continue
        name, _, versions, suites = line.rstrip("\n").split("\t")[:4]
        parts = suites.split(",")
        chunks = [",".join(parts[i:i + 9]) for i in range(0, len(parts), 9)]
        body = ",\"\n\t    \"".join(chunks)
        out.append('\t{ "%s", "%s",\n\t    "%s" },' % (name, versions,
                                                       body))
    return "\n".join(out)


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--c":
        print(c_table(sys.argv[2]))
        return 0
    if len(sys.argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    out = sys.argv[2] if len(sys.argv) == 3 else "data/client_profiles.tsv"
    lines = ["# What real SMTP clients send (tools/gen_client_profiles.py "
             "from the captured",
             "# ClientHellos, Debian 12, 2026-11-22; OpenSSL 3.0.22, GnuTLS "
             "3.7.9).",
             "# name\tcorpus file\tversions offered\tsuites in order "
             "(no SCSV)\tclient"]
    for name, fname in PROFILES:
        lines.append(row(sys.argv[1], name, fname))
    with open(out, "w") as f:
        f.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
