#!/usr/bin/env python3
"""Reports loops between the source files of a crate: file A uses an item of file B (through
`use crate::...`, `use super::...`, or a `crate::x::y` path in the code) and B, directly or
through other files, uses A. Modules are files; `mod.rs` files only declare and re-export, so
an edge to a directory module goes to the file its item is defined in when that can be told,
else to the `mod.rs`. Exit 1 when a crate has a loop, listing each.

Usage: .ci/import-loops.py harness/src reference/src
"""
import os
import re
import sys


def module_files(src):
    files = {}
    for root, _, names in os.walk(src):
        for name in names:
            if not name.endswith(".rs"):
                continue
            path = os.path.join(root, name)
            rel = os.path.relpath(path, src)[:-3].split(os.sep)
            if rel[-1] == "mod":
                rel = rel[:-1]
            if rel in (["lib"], ["main"]):
                rel = []
            files[tuple(rel)] = path
    return files


def strip_tests(text):
    # Inline test modules may use anything; they are not part of the crate's layering. Comments
    # (docs included) name modules without using them.
    i = text.find("#[cfg(test)]")
    text = text if i < 0 else text[:i]
    return "\n".join(line.split("//")[0] for line in text.splitlines())


def resolve(files, module, path):
    """The file a path (list of segments after crate::) names: its longest module prefix."""
    for n in range(len(path), 0, -1):
        if tuple(path[:n]) in files:
            return tuple(path[:n])
    return None


def edges(files):
    out = {m: set() for m in files}
    path_re = re.compile(r"\b(crate|super)((?:::[A-Za-z_][A-Za-z0-9_]*)+)")
    for module, path in files.items():
        text = strip_tests(open(path, encoding="utf-8").read())
        # `use a::{b, c::d}` groups: expand the first level.
        for m in re.finditer(r"\buse\s+(crate|super)::([^;]+);", text, re.S):
            base, rest = m.group(1), m.group(2).replace("\n", " ")
            targets = []
            g = re.match(r"\s*([A-Za-z0-9_:]*?)::?\{(.*)\}\s*$", rest)
            if g:
                prefix = [s for s in g.group(1).split("::") if s]
                for item in g.group(2).split(","):
                    item = item.strip().split(" as ")[0]
                    if item:
                        targets.append(prefix + [s for s in re.split(r"::", item.replace("{", "").replace("}", "")) if s])
            else:
                targets.append([s for s in rest.strip().split("::") if s])
            for t in targets:
                add(files, out, module, base, t)
        for m in path_re.finditer(text):
            add(files, out, module, m.group(1), [s for s in m.group(2).split("::") if s])
    return out


def add(files, out, module, base, segments):
    if base == "crate":
        absolute = segments
    else:
        # super:: from a file module: its parent (a mod.rs module's super is its parent too).
        parent = list(module[:-1])
        absolute = parent + segments
    target = resolve(files, module, absolute)
    if target is not None and target != module and not is_ancestor(target, module):
        out[module].add(target)


def is_ancestor(a, b):
    # A module's own `mod.rs` parent declares it: no layering edge.
    return len(a) < len(b) and b[: len(a)] == a


def loops(graph):
    found, index, low, stack, on, counter = [], {}, {}, [], set(), [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(comp)

    sys.setrecursionlimit(10000)
    for v in graph:
        if v not in index:
            visit(v)
    return found


def name(m):
    return "/".join(m) + ".rs" if m else "lib.rs"


def main():
    bad = False
    for src in sys.argv[1:]:
        files = module_files(src)
        graph = edges(files)
        for comp in loops(graph):
            bad = True
            members = sorted(name(m) for m in comp)
            print(f"{src}: loop between {', '.join(members)}")
            for m in sorted(comp):
                inside = sorted(name(t) for t in graph[m] if t in comp)
                print(f"  {name(m)} uses {', '.join(inside)}")
        if not any(True for _ in loops(graph)):
            print(f"{src}: {len(files)} files, no loop")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
