#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""The manual pages keep up with the code they describe:

  - tplsr-cli(8) has an entry (a line that starts with the command's words in
    bold) for every command of the command table (`tplsr-cli help`, the table
    foreach_lsr_ctl_cmd of include/ctl_proto.h), and every keyword of their
    argument grammar in bold;
  - tplsr.conf(5) has every keyword the parser (dataplane/config.c) compares
    a word with, in bold;
  - every page scdoc built renders with man(1) without a warning.

    check_man.py TPLSR_CLI SCD_DIR CONFIG_C [BUILT_PAGE ...]
TAP lines, then "N passed, M failed"; exit 1 on a failure.
"""
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                "scripts"))
from tap import Tap  # noqa: E402  (scripts/tap.py)

T = Tap(detail_lines=10)
ok = T.ok


def bold_words(scd):
    """Every word that stands inside *...* in an scdoc source."""
    words = set()
    for span in re.findall(r"\*([^*\n]+)\*", scd):
        words.update(re.split(r"[\s|]+", span))
    return words


def main():
    cli, scd_dir, config_c, pages = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    with open(os.path.join(scd_dir, "tplsr-cli.8.scd")) as f:
        cli_scd = f.read()
    with open(os.path.join(scd_dir, "tplsr.conf.5.scd")) as f:
        conf_scd = f.read()

    help_text = subprocess.run([cli, "help"], capture_output=True, text=True, check=True).stdout
    commands = [l[2:] for l in help_text.splitlines() if re.match(r"^  \S", l)]
    ok("tplsr-cli help lists commands", len(commands) >= 5, help_text)
    bold = bold_words(cli_scd)
    for cmd in commands:
        tokens = cmd.split()
        fixed = []
        for t in tokens:
            if not re.fullmatch(r"[a-z][a-z0-9-]*", t):
                break
            fixed.append(t)
        ok("tplsr-cli(8) has an entry for '%s'" % " ".join(fixed),
           re.search(r"^\*%s\*" % re.escape(" ".join(fixed)), cli_scd, re.M) is not None)
        keywords = {w for t in tokens[len(fixed):] for w in re.split(r"[][|]", t)
                    if re.fullmatch(r"[a-z][a-z0-9-]*", w)}
        missing = sorted(keywords - bold)
        ok("tplsr-cli(8) has the keywords of '%s'" % " ".join(fixed), not missing,
           "missing: %s" % missing)

    with open(config_c) as f:
        keywords = set(re.findall(r'strcmp\([^,()]+, "([a-z][a-z0-9-]*)"\)', f.read()))
    ok("the parser's keywords are found", len(keywords) >= 15, sorted(keywords))
    missing = sorted(keywords - bold_words(conf_scd))
    ok("tplsr.conf(5) has every keyword of the parser", not missing, "missing: %s" % missing)

    if pages and shutil.which("man"):
        for page in pages:
            r = subprocess.run(["man", "--warnings", "-E", "UTF-8", "-l", page],
                               capture_output=True, text=True,
                               env=dict(os.environ, MANWIDTH="80", MANPAGER="cat",
                                        PAGER="cat"))
            ok("%s renders without a warning" % os.path.basename(page),
               r.returncode == 0 and r.stderr == "" and len(r.stdout) > 500, r.stderr)
    else:
        print("# pages not rendered: %s" % ("no man(1)" if pages else "scdoc not found"))
    return T.finish()


if __name__ == "__main__":
    sys.exit(main())
