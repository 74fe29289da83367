#!/usr/bin/env python3
"""The end-to-end tests' reading of kata's YAML files with PyYAML.

usage: kata_yaml.py check-tree ROOT
       kata_yaml.py check-commits LIST
       kata_yaml.py cache CACHE ROOT LIST FILE...

check-tree     every *.yaml file under ROOT (not .git) follows the rules
               below; prints what does not and exits 1
check-commits  the same for every *.yaml file of every commit in LIST, a
               line "COMMIT GIT_DIR" each, every file content read once;
               the commits are taken out of LIST and what is wrong is
               added to LIST.bad
cache          PyYAML's reading of each FILE, and of every *.yaml file under
               ROOT (none if empty) not read yet (python is slow to start;
               one run answers the questions about a whole repository),
               kept in CACHE/SHA1 by the SHA-1 of the content, for
               helper.bash's yaml_get, yaml_type and yget; and first
               check-commits LIST

The rules: UTF-8, LF line ends, a final newline, PyYAML reads it, a mapping
with `kind` (matching where the file lives) and `id` (except kata.yaml).
"""

import hashlib
import json
import os
import re
import subprocess
import sys

import yaml

KIND_OF_FOLDER = {"obstacles": "obstacle", "steps": "step",
                  "measures": "measure"}


def problems(rel, raw):
    """What is wrong with the bytes raw of the file at rel ('/'-separated,
    from the top of the repository); an empty list if nothing."""
    bad = []
    if not raw.endswith(b"\n"):
        bad.append(rel + ": no final newline")
    if b"\r" in raw:
        bad.append(rel + ": CR in line ends")
    try:
        d = yaml.safe_load(raw.decode("utf-8"))
    except Exception as e:
        bad.append("%s: PyYAML cannot read it: %s" % (rel, e))
        return bad
    if not isinstance(d, dict):
        bad.append(rel + ": not a mapping")
        return bad
    if "kind" not in d:
        bad.append(rel + ": no kind")
    if rel != "kata.yaml" and "id" not in d:
        bad.append(rel + ": no id")
    parts = rel.split("/")
    want = None
    if rel == "kata.yaml":
        want = "repository"
    elif parts[-1] == "learner.yaml":
        want = "learner"
    elif parts[-1] == "target.yaml":
        want = "target"
    elif len(parts) >= 2 and parts[-2] in KIND_OF_FOLDER:
        want = KIND_OF_FOLDER[parts[-2]]
    if want and d.get("kind") != want:
        bad.append("%s: kind is %r, expected %r" % (rel, d.get("kind"), want))
    return bad


def check_tree(root):
    bad = []
    seen = 0
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d != ".git"]
        for name in filenames:
            if not name.endswith(".yaml"):
                continue
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, root).replace(os.sep, "/")
            seen += 1
            with open(path, "rb") as f:
                bad += problems(rel, f.read())
    if not seen:
        bad.append("no YAML file at all")
    return bad


def git_env():
    """The environment for git, whatever a test exported: the repository is
    the one named on the command line."""
    env = dict(os.environ)
    for k in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE",
              "GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES",
              "GIT_NAMESPACE", "GIT_COMMON_DIR"):
        env.pop(k, None)
    return env


def read_blobs(git_dir, oids):
    """The contents of the blobs oids of a repository, through one
    `git cat-file --batch`; a missing one is left out."""
    if not oids:
        return {}
    p = subprocess.run(["git", "--git-dir=" + git_dir, "cat-file", "--batch"],
                       input="".join(o + "\n" for o in oids).encode(),
                       stdout=subprocess.PIPE, env=git_env(), check=True)
    out, pos, blobs = p.stdout, 0, {}
    for oid in oids:
        end = out.index(b"\n", pos)
        head = out[pos:end].decode().split()
        pos = end + 1
        if len(head) == 2 and head[1] == "missing":
            continue
        size = int(head[2])
        blobs[oid] = out[pos:pos + size]
        pos += size + 1     # the content, then a newline
    return blobs


def check_commits(listing):
    """check_tree's rules for every commit of the list, each (path, blob)
    once: in the state kata committed, even if the test broke it later."""
    bad = []
    todo = {}       # git dir -> {(path, blob): first commit with it}
    with open(listing, encoding="utf-8") as f:
        for line in f:
            commit, git_dir = line.rstrip("\n").split(" ", 1)
            p = subprocess.run(["git", "--git-dir=" + git_dir, "ls-tree",
                                "-r", "-z", "--full-tree", commit],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env=git_env())
            if p.returncode != 0:
                bad.append("commit %s in %s: git ls-tree failed: %s" % (
                    commit, git_dir, p.stderr.decode(errors="replace").strip()))
                continue
            files = todo.setdefault(git_dir, {})
            seen = 0
            for entry in p.stdout.split(b"\0"):
                if not entry:
                    continue
                meta, path = entry.split(b"\t", 1)
                mode, typ, oid = meta.decode().split()
                path = path.decode("utf-8", errors="surrogateescape")
                if typ != "blob" or not path.endswith(".yaml"):
                    continue
                seen += 1
                files.setdefault((path, oid), commit)
            if not seen:
                bad.append("commit %s in %s: no YAML file at all" % (
                    commit, git_dir))
    for git_dir, files in todo.items():
        blobs = read_blobs(git_dir, sorted({oid for _, oid in files}))
        for (path, oid), commit in sorted(files.items()):
            if oid not in blobs:
                bad.append("%s (commit %s): blob %s missing" % (
                    path, commit[:12], oid))
                continue
            bad += ["%s (commit %s)" % (b, commit[:12])
                    for b in problems(path, blobs[oid])]
    return bad


def check_listed(listing):
    """check_commits for the commits listed so far, taken out of the list;
    what is wrong is added to LIST.bad, for the test's teardown."""
    taken = "%s.%d" % (listing, os.getpid())
    try:
        os.rename(listing, taken)
    except FileNotFoundError:
        return
    try:
        bad = check_commits(taken)
    except Exception as e:
        bad = ["checking the commits of %s failed: %r" % (listing, e)]
    if bad:
        with open(listing + ".bad", "a", encoding="utf-8") as f:
            f.write("".join(b + "\n" for b in bad))
    os.remove(taken)


# ---- the cache of yaml_get, yaml_type and yget ----

TOP_KEY = re.compile(r"[A-Za-z0-9_.-]+")
PATH_KEY = re.compile(r"[A-Za-z0-9_-]+")


def word(s):
    """s as one bash word, $'...' with each byte outside printable ASCII
    written \\xHH. Bash cannot hold NUL: it is left out, as the $(...)
    that reads the value would leave it out."""
    out = []
    for b in s.encode("utf-8", "surrogateescape"):
        if 32 <= b < 127 and b not in b"\\'":
            out.append(chr(b))
        elif b:
            out.append("\\x%02x" % b)
    return "$'" + "".join(out) + "'"


def as_text(v, **dumps):
    return v if isinstance(v, str) else json.dumps(v, **dumps)


def kind(v):
    return "dict" if isinstance(v, dict) else "list" if isinstance(v, list) \
        else "other"


def nodes(path, v):
    """yget's view: (path, value as yget prints it, kind) for each node
    under path, keys that are strings of PATH_KEY's characters and list
    indexes, joined with '.'."""
    items = []
    if isinstance(v, dict):
        items = [(k, c) for k, c in v.items()
                 if isinstance(k, str) and PATH_KEY.fullmatch(k)]
    elif isinstance(v, list):
        items = [(str(i), c) for i, c in enumerate(v)]
    for k, c in items:
        p = path + "." + k if path else k
        yield p, as_text(c, default=str), kind(c)
        yield from nodes(p, c)


def build(cache, raw):
    """CACHE/SHA1 for the content raw, for helper.bash's yaml_load to
    source: _y_v[KEY] (the value as yaml_get prints it) and _y_t[KEY] (its
    Python type) for each top-level key; _y_root, and _y_n[PATH] (as yget
    prints it) and _y_k[PATH] (dict, list or other) for each node, yget's
    view; _y_error if PyYAML cannot read it, _y_get_error if a top-level
    value has no JSON form (yaml_get fails, yget prints it with str)."""
    dest = os.path.join(cache, hashlib.sha1(raw).hexdigest())
    if os.path.exists(dest):
        return
    lines = []
    try:
        # as open(path, encoding="utf-8") would read it: universal newlines
        text = raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
        d = yaml.safe_load(text)
    except Exception as e:
        lines.append("_y_error=" + word("PyYAML cannot read it: %s" % e))
    else:
        try:
            for k, v in (d.items() if isinstance(d, dict) else []):
                if isinstance(k, str) and TOP_KEY.fullmatch(k):
                    lines.append("_y_v[%s]=%s" % (k, word(as_text(v))))
                    lines.append("_y_t[%s]=%s" % (k, type(v).__name__))
        except Exception as e:
            lines.append("_y_get_error=" + word("%s: %s" % (
                type(e).__name__, e)))
        lines.append("_y_root=" + kind(d))
        for p, v, k in nodes("", d):
            lines.append("_y_n[%s]=%s" % (p, word(v)))
            lines.append("_y_k[%s]=%s" % (p, k))
    tmp = "%s.%d" % (dest, os.getpid())
    with open(tmp, "w", encoding="ascii") as f:
        f.write("".join(line + "\n" for line in lines))
    os.rename(tmp, dest)


def cache(cache, root, listing, files):
    # python has started: check what kata committed so far, sparing
    # teardown a start of its own
    check_listed(listing)
    os.makedirs(cache, exist_ok=True)
    for path in files:
        with open(path, "rb") as f:
            build(cache, f.read())
    for dirpath, dirnames, filenames in os.walk(root) if root else []:
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            if name.endswith(".yaml"):
                try:
                    with open(os.path.join(dirpath, name), "rb") as f:
                        build(cache, f.read())
                except OSError:
                    pass


def main(argv):
    if len(argv) == 2 and argv[0] == "check-tree":
        bad = check_tree(argv[1])
    elif len(argv) == 2 and argv[0] == "check-commits":
        check_listed(argv[1])
        return 0
    elif len(argv) >= 5 and argv[0] == "cache":
        cache(argv[1], argv[2], argv[3], argv[4:])
        return 0
    else:
        sys.stderr.write(__doc__.split("\n\n")[1] + "\n")
        return 2
    if bad:
        print("\n".join(bad))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
