#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""The architecture's rules, checked (docs/DESIGN.md "Layout"):

1. dependencies run one way, include <- dataplane <- oam <- {pcap, ctl}, and the
   program (main.c) wires them: a source file includes no header of a folder
   above its own (headers in include/ belong to a layer by their prefix);
2. each folder's meson.build compiles only that folder's sources and links only
   the libraries of the folders below it;
3. no #include cycle between the project's files;
4. comments cite the project's own docs/ or an RFC, never a document that is
   not in the repository (the contract lives in docs/, docs/DESIGN.md).

Usage: check_layout.py [REPO_ROOT]; exit 0 when the tree follows the rules,
1 with one line per violation otherwise.
"""
import os
import re
import sys

# The layers, lowest first; a folder may use its own layer and those below.
LAYERS = {"include": 0, "dataplane": 1, "oam": 2, "pcap": 3, "ctl": 3, ".": 4}
# The library each folder builds.
LIBRARY = {"dataplane": "lsr_dataplane_lib", "oam": "oam_lib", "pcap": "replay_lib",
           "ctl": "ctl_lib"}
# Siblings never use each other.
SIBLINGS = {("pcap", "ctl"), ("ctl", "pcap")}


def header_owner(name):
    """The folder whose contract a header in include/ is."""
    if name.startswith("ctl"):
        return "ctl"
    if name.startswith("oam"):
        return "oam"
    if name == "lsr_replay.h":
        return "pcap"
    return "dataplane"  # lsr_*, mpls_* and the wire formats


INCLUDE_RE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def sources(root):
    for folder in LAYERS:
        path = os.path.join(root, folder)
        names = sorted(os.listdir(path))
        for name in names:
            if name.endswith((".c", ".h")) and os.path.isfile(os.path.join(path, name)):
                yield folder, os.path.join(path, name)


def check_includes(root, errors):
    graph = {}
    for folder, path in sources(root):
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        rel = os.path.relpath(path, root)
        graph[rel] = []
        for inc in INCLUDE_RE.findall(text):
            if os.path.exists(os.path.join(root, "include", inc)):
                target = os.path.join("include", inc)
                owner = header_owner(inc)
            elif os.path.exists(os.path.join(os.path.dirname(path), inc)):
                target = os.path.relpath(os.path.join(os.path.dirname(path), inc), root)
                owner = folder
            else:
                errors.append(f"{rel}: includes \"{inc}\", which is not in include/ or {folder}/")
                continue
            graph[rel].append(target)
            me = header_owner(os.path.basename(path)) if folder == "include" else folder
            if (me, owner) in SIBLINGS or LAYERS[owner] > LAYERS[me]:
                errors.append(f"{rel}: includes {target} ({owner}/), above {me}/")
    # Cycles: depth-first search with colours.
    state = {}

    def visit(node, stack):
        state[node] = 1
        for nxt in graph.get(node, []):
            if state.get(nxt) == 1:
                cycle = stack[stack.index(nxt):] + [nxt] if nxt in stack else [node, nxt]
                errors.append("include cycle: " + " -> ".join(cycle))
            elif state.get(nxt) is None:
                visit(nxt, stack + [nxt])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])


def check_meson(root, errors):
    for folder, lib in LIBRARY.items():
        path = os.path.join(root, folder, "meson.build")
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        rel = os.path.relpath(path, root)
        for call in re.findall(r"files\(([^)]*)\)", text):
            for name in re.findall(r"'([^']+)'", call):
                if "/" in name or not os.path.isfile(os.path.join(root, folder, name)):
                    errors.append(f"{rel}: compiles '{name}', not a source of {folder}/")
        if f"{lib} = static_library(" not in text:
            errors.append(f"{rel}: does not build {lib}")
        if len(re.findall(r"static_library\(", text)) != 1:
            errors.append(f"{rel}: builds more than one library")
        for used in re.findall(r"link_with:\s*\[([^\]]*)\]", text):
            for other in re.findall(r"\w+", used):
                owner = next((f for f, l in LIBRARY.items() if l == other), None)
                if owner is None:
                    errors.append(f"{rel}: links '{other}', not a folder's library")
                elif LAYERS[owner] >= LAYERS[folder]:
                    errors.append(f"{rel}: links {other} of {owner}/, not below {folder}/")


# Documents outside the repository that comments must not cite (rule 4).
FOREIGN_DOC_RE = re.compile(r"(?<![-\w])(OAM|INTERFACE|WIRE|STYLE)\.md")
CITING_SUFFIXES = (".c", ".h", ".py", ".sh", ".build", ".dict", ".txt")


def check_citations(root, errors):
    for top in ("include", "dataplane", "oam", "pcap", "ctl", "tests", "scripts"):
        for dirpath, _, names in os.walk(os.path.join(root, top)):
            for name in sorted(names):
                if not name.endswith(CITING_SUFFIXES) and name != "meson.build":
                    continue
                path = os.path.join(dirpath, name)
                with open(path, encoding="utf-8", errors="replace") as fh:
                    for lineno, line in enumerate(fh, 1):
                        m = FOREIGN_DOC_RE.search(line)
                        if m:
                            rel = os.path.relpath(path, root)
                            errors.append(f"{rel}:{lineno}: cites {m.group(0)}, "
                                          "which is not in the repository (cite docs/)")


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
    errors = []
    check_includes(root, errors)
    check_meson(root, errors)
    check_citations(root, errors)
    for e in errors:
        print(e)
    print(f"layout: {len(errors)} violation(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
