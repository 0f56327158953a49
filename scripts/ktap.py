# SPDX-License-Identifier: GPL-2.0
"""KTAP version 1 parser (the format KUnit and Mosaic's ktest emit).

Used by scripts/qemu-run to judge an in-kernel test run and by
tools/ktap/ to test itself. Standard library only.

The grammar, as KUnit emits it:

    KTAP version 1                 header (also accepted: "TAP version 13/14")
    1..N                           plan: N results follow at this level
        KTAP version 1             a nested suite is indented (4 spaces, or 2)
        # Subtest: name            optional name of the nested suite
        1..M
        # some diagnostic          diagnostics belong to the next result line
        ok 1 case_a
        not ok 2 case_b
        ok 3 case_c # SKIP reason
        not ok 4 case_d # TODO reason
    not ok 1 name                  the result of the nested suite, at the parent's level

How results count (leaves only: a result with subtests counts through its
subtests, except that a failed parent whose subtests all passed counts one
failure of its own, e.g. a suite whose exit hook failed):

    ok N x                 passed
    not ok N x             failed
    ok/not ok N x # SKIP   skipped
    not ok N x # TODO      xfail  (expected failure by design; not a failure)
    ok N x # TODO          xpass  (unexpected pass; counted as a failure too)

Problems found in the stream itself are "errors", and each error also adds
one to `failed`, so a run that is not a pass never shows "0 failed": no KTAP
header, a missing plan, fewer or more results than planned (truncated
output), duplicated or out-of-order test numbers, "Bail out!", a nested
suite with no closing result line (it is kept in the tree as a failed
result named after its "# Subtest:" line, marked `missing`).

Lines that are not KTAP (other kernel console output) are ignored but kept
in `Result.noise`. If the header line carries a prefix (for instance a
timestamp printed before "KTAP version 1"), that prefix is stripped from
the lines that follow, as KUnit's own parser does.

Incremental use:

    p = ktap.Parser()
    for line in stream:
        p.feed(line)
        if p.complete: ...          # the top-level plan is satisfied
    result = p.finish()
    print(result.counts)            # Counts(passed=.., failed=.., ...)

or simply ktap.parse(text_or_lines).
"""

import re

__all__ = ["Parser", "parse", "Result", "Counts", "Test"]

_VERSION_RE = re.compile(r"^(K?TAP) version (\d+)\s*$")
_PLAN_RE = re.compile(r"^1\.\.(\d+)\s*(?:#\s*(.*))?$")
_RESULT_RE = re.compile(r"^(not ok|ok)\s+(\d+)\b\s*(?:-\s+)?(.*)$")
_DIRECTIVE_RE = re.compile(r"\s*(?<!\\)#\s*(SKIP|TODO)\b\s*(.*)$", re.I)
_SUBTEST_RE = re.compile(r"^#\s*Subtest:\s*(.*)$")
_BAIL_RE = re.compile(r"^Bail out!\s*(.*)$")
_HEADER_SEARCH = re.compile(r"K?TAP version \d+")


class Counts:
    """Totals over the leaves of a result tree."""

    FIELDS = ("passed", "failed", "skipped", "xfail", "xpass")

    def __init__(self, passed=0, failed=0, skipped=0, xfail=0, xpass=0):
        self.passed = passed
        self.failed = failed
        self.skipped = skipped
        self.xfail = xfail
        self.xpass = xpass

    def add(self, other):
        for f in self.FIELDS:
            setattr(self, f, getattr(self, f) + getattr(other, f))
        return self

    @property
    def total(self):
        return self.passed + self.failed + self.skipped + self.xfail

    def as_dict(self):
        return {f: getattr(self, f) for f in self.FIELDS}

    def __eq__(self, other):
        return isinstance(other, Counts) and self.as_dict() == other.as_dict()

    def __repr__(self):
        return "Counts(%s)" % ", ".join(
            "%s=%d" % (f, getattr(self, f)) for f in self.FIELDS)


class Test:
    """One result line, with its subtests when it closes a nested suite."""

    def __init__(self, number, name, ok, directive=None, reason=""):
        self.number = number
        self.name = name
        self.ok = ok
        self.directive = directive      # None, "SKIP" or "TODO"
        self.reason = reason
        self.subtests = []              # list of Test
        self.plan = None                # plan of the nested suite, if any
        self.diagnostics = []           # "# ..." lines printed before it
        self.suite_diagnostics = []     # diagnostics of the nested suite
        self.line = 0                   # 1-based line number in the input
        self.missing = False            # synthesized: result line never came

    @property
    def status(self):
        """PASS, FAIL, SKIP, XFAIL or XPASS for this line itself."""
        if self.directive == "SKIP":
            return "SKIP"
        if self.directive == "TODO":
            return "XPASS" if self.ok else "XFAIL"
        return "PASS" if self.ok else "FAIL"

    def counts(self):
        c = Counts()
        if not self.subtests:
            st = self.status
            if st == "PASS":
                c.passed += 1
            elif st == "FAIL":
                c.failed += 1
            elif st == "SKIP":
                c.skipped += 1
            elif st == "XFAIL":
                c.xfail += 1
            else:
                c.xpass += 1
                c.failed += 1
            return c
        for t in self.subtests:
            c.add(t.counts())
        if self.own_failure(c):
            c.failed += 1
        return c

    def own_failure(self, sub_counts=None):
        """A suite reported "not ok" although none of its subtests failed."""
        if not self.subtests or self.missing or self.status != "FAIL":
            return False
        if sub_counts is None:
            sub_counts = Counts()
            for t in self.subtests:
                sub_counts.add(t.counts())
        return sub_counts.failed == 0

    def walk(self, path=()):
        """Yield (path, test) for this test and every subtest."""
        here = path + (self.name,)
        yield here, self
        for t in self.subtests:
            yield from t.walk(here)

    def __repr__(self):
        return "Test(%d, %r, %s, %d subtests)" % (
            self.number, self.name, self.status, len(self.subtests))


class Result:
    """A parsed KTAP stream: top-level tests, errors and totals."""

    def __init__(self):
        self.version = None         # "KTAP 1", None if no header was seen
        self.plan = None            # top-level plan (of the last document)
        self.tests = []             # top-level Test objects
        self.errors = []            # strings: problems in the stream
        self.noise = []             # non-KTAP lines, kept for the log
        self.diagnostics = []       # top-level diagnostics after the last result
        self.complete = False       # top-level plan was satisfied

    @property
    def counts(self):
        c = Counts()
        for t in self.tests:
            c.add(t.counts())
        c.failed += len(self.errors)
        return c

    @property
    def ok(self):
        c = self.counts
        return self.version is not None and c.failed == 0 and not self.errors

    def walk(self):
        for t in self.tests:
            yield from t.walk()

    def failures(self):
        """(path, test) of every failed or unexpectedly passing leaf or suite."""
        out = []
        for path, t in self.walk():
            st = t.status
            if st == "XPASS" and not t.subtests:
                out.append((path, t))
            elif st == "FAIL" and (not t.subtests or t.own_failure()):
                out.append((path, t))
        return out

    def summary(self, label, outside=0):
        """The one-line count; @outside failures happened outside the
        KTAP report (the guest's fail code, a panic, an unknown bench=
        name) and count as failed too, so the line never reads 0 failed
        for a failed run."""
        c = self.counts
        return "ktest %s: %d passed, %d failed, %d skipped, %d xfail%s" % (
            label, c.passed, c.failed + outside, c.skipped, c.xfail,
            " (%d outside KTAP)" % outside if outside else "")


class _Group:
    """An open level of the tree: the lines sharing one indentation."""

    def __init__(self, indent, line):
        self.indent = indent
        self.start = line
        self.version = None
        self.name = None            # from "# Subtest:"
        self.plan = None
        self.plan_directive = None
        self.tests = []
        self.diag = []              # diagnostics waiting for the next result
        self.all_diag = []
        self.child = None           # closed nested group awaiting its result

    def expected_next(self):
        return len(self.tests) + 1


class Parser:
    """Feed lines one by one; finish() returns the Result."""

    def __init__(self):
        self.result = Result()
        self.prefix = None          # text before the first header
        self.stack = []             # open groups, stack[0] is the top level
        self.lineno = 0
        self._finished = False

    # -- public ------------------------------------------------------------

    @property
    def complete(self):
        """True once the top-level plan has all its results."""
        return self.result.complete

    @property
    def started(self):
        return self.result.version is not None

    def feed(self, line):
        self.lineno += 1
        line = line.rstrip("\r\n").replace("\r", "")
        if self.prefix is None:
            m = _HEADER_SEARCH.search(line)
            if not m:
                self.result.noise.append(line)
                return
            self.prefix = line[:m.start()].rstrip(" \t")
            self._prefix_re = self._prefix_regex(self.prefix)
            rest = line[len(self.prefix):]
        elif self.prefix:
            pm = self._prefix_re.match(line)
            if not pm:
                self.result.noise.append(line)
                return
            rest = line[pm.end():]
        else:
            rest = line
        expanded = rest.expandtabs(8)
        body = expanded.lstrip(" ")
        indent = len(expanded) - len(body)
        body = body.rstrip()
        if not self._is_ktap(body):
            self.result.noise.append(line)
            return
        self._handle(indent, body)

    def feed_text(self, text):
        for line in text.splitlines():
            self.feed(line)

    def finish(self):
        if self._finished:
            return self.result
        self._finished = True
        res = self.result
        if res.version is None:
            res.errors.append("no KTAP output (no 'KTAP version 1' line)")
            return res
        while len(self.stack) > 1:
            g = self._pop()
            if self.stack[-1].child is g:
                self._orphan(g, "truncated: nested suite %s has no result "
                             "line" % self._gname(g))
        if self.stack:
            self._close_document(self.stack.pop())
        return res

    # -- internals ---------------------------------------------------------

    @staticmethod
    def _prefix_regex(prefix):
        """Digits and spaces in a prefix vary line to line (timestamps)."""
        out = []
        for tok in re.findall(r"\d+|\s+|\D", prefix):
            if tok.isdigit():
                out.append(r"\d+")
            elif tok.isspace():
                out.append(r"\s*")
            else:
                out.append(re.escape(tok))
        return re.compile("".join(out))

    @staticmethod
    def _is_ktap(body):
        return bool(_VERSION_RE.match(body) or _PLAN_RE.match(body) or
                    _RESULT_RE.match(body) or body.startswith("#") or
                    _BAIL_RE.match(body))

    @staticmethod
    def _gname(g):
        return repr(g.name) if g.name else "at line %d" % g.start

    def _error(self, msg):
        self.result.errors.append("line %d: %s" % (self.lineno, msg))

    def _pop(self):
        g = self.stack.pop()
        top = self.stack[-1]
        if g.version is None and g.plan is None and not g.tests:
            # Only indented diagnostics: not a nested suite.
            top.diag.extend(g.diag)
            top.all_diag.extend(g.all_diag)
            return g
        if top.child is not None:
            # A nested suite closed without its result line, then another
            # nested suite started: keep the first as an orphan.
            self._orphan(top.child, "nested suite %s has no result line"
                         % self._gname(top.child))
        top.child = g
        return g

    def _orphan(self, g, msg):
        """A nested suite whose result line never came."""
        self.result.errors.append(msg)
        self._check_plan(g, self._gname(g))
        parent = self.stack[-1] if self.stack else None
        if parent is not None and parent.child is g:
            parent.child = None
        if parent is None:
            return
        t = Test(parent.expected_next(), g.name or "(unnamed)", False)
        t.subtests, t.plan, t.suite_diagnostics = g.tests, g.plan, g.all_diag
        t.line = g.start
        t.missing = True
        self._append(parent, t)

    def _append(self, group, t):
        group.tests.append(t)
        if self.stack and group is self.stack[0]:
            self.result.tests.append(t)

    def _check_plan(self, g, what):
        n = len(g.tests)
        if g.plan is None:
            if g.version is not None or n:
                self.result.errors.append("missing plan in %s" % what)
            return
        if n < g.plan:
            self.result.errors.append(
                "%s: expected %d results, got %d (truncated output?)"
                % (what, g.plan, n))
        elif n > g.plan:
            self.result.errors.append(
                "%s: planned %d results, got %d" % (what, g.plan, n))

    def _close_document(self, g):
        res = self.result
        if g.child is not None:
            c = g.child
            g.child = None
            self.stack.append(g)
            self._orphan(c, "nested suite %s has no result line"
                         % self._gname(c))
            self.stack.pop()
        self._check_plan(g, "top level")
        res.diagnostics = g.diag

    def _handle(self, indent, body):
        res = self.result
        m = _VERSION_RE.match(body)
        if not self.stack:
            if not m:
                return          # KTAP-looking noise before the header
            res.version = "%s %s" % (m.group(1), m.group(2))
            if m.group(1) == "KTAP" and m.group(2) != "1":
                self._error("unsupported KTAP version %s" % m.group(2))
            g = _Group(indent, self.lineno)
            g.version = res.version
            self.stack.append(g)
            return
        base = self.stack[0].indent
        if indent < base:
            indent = base
        top = self.stack[-1]
        if indent > top.indent:
            top = _Group(indent, self.lineno)
            self.stack.append(top)
        while indent < top.indent:
            self._pop()
            top = self.stack[-1]
            if indent > top.indent:
                # Dedented to a level that was never opened: treat it as
                # belonging to the parent.
                self._error("inconsistent indentation")
                indent = top.indent
        if m:
            self._version_line(top, m)
        elif _PLAN_RE.match(body):
            self._plan_line(top, _PLAN_RE.match(body))
        elif _RESULT_RE.match(body):
            self._result_line(top, _RESULT_RE.match(body))
        elif _BAIL_RE.match(body):
            self._error("Bail out! %s" % _BAIL_RE.match(body).group(1))
        else:
            sm = _SUBTEST_RE.match(body)
            if sm:
                top.name = sm.group(1).strip()
            else:
                text = body[1:].strip()
                top.diag.append(text)
                top.all_diag.append(text)

    def _version_line(self, top, m):
        ver = "%s %s" % (m.group(1), m.group(2))
        if len(self.stack) == 1 and (top.plan is not None or top.tests):
            # A second top-level document (e.g. a second test run): close
            # the first and keep collecting into the same result.
            self._close_document(top)
            g = _Group(top.indent, self.lineno)
            g.version = ver
            self.stack[0] = g
            self.result.complete = False
            return
        if top.version is not None or top.plan is not None or top.tests:
            self._error("unexpected '%s' line" % ver)
            return
        top.version = ver

    def _plan_line(self, top, m):
        if top.plan is not None:
            self._error("duplicate plan line")
            return
        # A trailing plan (TAP style) is accepted as well as a leading one.
        top.plan = int(m.group(1))
        top.plan_directive = m.group(2)
        self._update_complete()

    def _result_line(self, top, m):
        ok = m.group(1) == "ok"
        num = int(m.group(2))
        rest = m.group(3)
        directive, reason = None, ""
        dm = _DIRECTIVE_RE.search(rest)
        if dm:
            directive = dm.group(1).upper()
            reason = dm.group(2).strip()
            rest = rest[:dm.start()]
        name = rest.strip()
        exp = top.expected_next()
        if num != exp:
            seen = [t.number for t in top.tests]
            what = "duplicated" if num in seen else "out-of-order"
            self._error("%s test number %d (expected %d)" % (what, num, exp))
        t = Test(num, name, ok, directive, reason)
        t.line = self.lineno
        t.diagnostics = top.diag
        top.diag = []
        if top.child is not None:
            g = top.child
            top.child = None
            t.subtests = g.tests
            t.plan = g.plan
            t.suite_diagnostics = g.all_diag
            self._check_plan(g, "suite %r" % (g.name or name))
        self._append(top, t)
        self._update_complete()

    def _update_complete(self):
        if len(self.stack) != 1:
            return
        g = self.stack[0]
        self.result.plan = g.plan
        self.result.complete = g.plan is not None and len(g.tests) >= g.plan


def parse(text_or_lines):
    """Parse a whole KTAP stream (a string or an iterable of lines)."""
    p = Parser()
    if isinstance(text_or_lines, str):
        p.feed_text(text_or_lines)
    else:
        for line in text_or_lines:
            p.feed(line)
    return p.finish()


def _main(argv):
    import sys
    if len(argv) > 2 or (len(argv) == 2 and argv[1] in ("-h", "--help")):
        print("usage: ktap.py [FILE]   parse KTAP from FILE or stdin")
        return 2
    f = open(argv[1], errors="replace") if len(argv) == 2 else sys.stdin
    with f:
        res = parse(f)
    for path, t in res.failures():
        print("%s %s" % (t.status, ".".join(path)))
    for e in res.errors:
        print("error: %s" % e)
    print(res.summary("input"))
    return 0 if res.ok else 1


if __name__ == "__main__":
    import sys
    sys.exit(_main(sys.argv))
