#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Host tests of scripts/ktap.py against the fixtures in fixtures/.

Usage: test_ktap.py SRCTREE [OUTDIR]
With OUTDIR, also runs the scripts/qemu-run tests (test_qemu_run.py) with
boot-sector guests built in OUTDIR. Prints `hosttest ktap: N passed, N failed`.
"""

import os
import sys

sys.dont_write_bytecode = True      # keep the source tree clean

HERE = os.path.dirname(os.path.abspath(__file__))

# fixture -> expected counts, ok, complete, error substrings (in order)
EXPECT = {
    "pass": dict(counts=(5, 0, 0, 0, 0), ok=True, complete=True, errors=[]),
    "fail": dict(counts=(3, 1, 0, 0, 0), ok=False, complete=True,
                 errors=[], failures=["string.test_memcpy"]),
    "skip": dict(counts=(1, 0, 3, 0, 0), ok=True, complete=True, errors=[]),
    "xfail": dict(counts=(2, 0, 0, 1, 0), ok=True, complete=True, errors=[]),
    "xpass": dict(counts=(1, 1, 0, 0, 1), ok=False, complete=True,
                  errors=[], failures=["heap_bump.test_reuse_after_free"]),
    "nested3": dict(counts=(2, 1, 0, 0, 0), ok=False, complete=True,
                    errors=[], failures=["mm.heap.test_kmalloc_zero"]),
    "tap14": dict(counts=(1, 0, 1, 0, 0), ok=True, complete=True, errors=[]),
    "missing_plan": dict(counts=(1, 1, 0, 0, 0), ok=False, complete=False,
                         errors=["missing plan in top level"]),
    "no_ktap": dict(counts=(0, 1, 0, 0, 0), ok=False, complete=False,
                    errors=["no KTAP output"]),
    "truncated": dict(counts=(3, 3, 0, 0, 0), ok=False, complete=False,
                      errors=["'exceptions' has no result line",
                              "'exceptions': expected 3 results, got 1",
                              "top level: expected 3 results, got 2"]),
    "duplicate": dict(counts=(3, 1, 0, 0, 0), ok=False, complete=True,
                      errors=["duplicated test number 2 (expected 3)"]),
    "out_of_order": dict(counts=(3, 2, 0, 0, 0), ok=False, complete=True,
                         errors=["out-of-order test number 3 (expected 2)",
                                 "out-of-order test number 2 (expected 3)"]),
    "too_many": dict(counts=(2, 1, 0, 0, 0), ok=False, complete=True,
                     errors=["planned 1 results, got 2"]),
    "noise": dict(counts=(3, 0, 0, 0, 0), ok=True, complete=True, errors=[],
                  noise=9),
    "prefix": dict(counts=(1, 1, 0, 0, 0), ok=False, complete=True,
                   errors=[], failures=["example.example_fail_test"],
                   noise=2),
    "bail": dict(counts=(1, 2, 0, 0, 0), ok=False, complete=False,
                 errors=["Bail out! the machine is on fire",
                         "expected 2 results, got 1"]),
    "suite_fail": dict(counts=(1, 1, 0, 0, 0), ok=False, complete=True,
                       errors=[], failures=["sched"]),
    "two_runs": dict(counts=(2, 0, 0, 1, 0), ok=True, complete=True,
                     errors=[]),
}


class Runner:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, name, cond, detail=""):
        if cond:
            self.passed += 1
        else:
            self.failed += 1
            print("FAIL %s %s" % (name, detail))


def fixture_tests(r, ktap):
    fixtures = sorted(f[:-5] for f in os.listdir(os.path.join(HERE, "fixtures"))
                      if f.endswith(".ktap"))
    r.check("every fixture has expectations",
            set(fixtures) == set(EXPECT),
            "fixtures %s vs table %s" % (fixtures, sorted(EXPECT)))
    for name in fixtures:
        if name not in EXPECT:
            continue
        exp = EXPECT[name]
        with open(os.path.join(HERE, "fixtures", name + ".ktap")) as f:
            res = ktap.parse(f)
        c = res.counts
        got = (c.passed, c.failed, c.skipped, c.xfail, c.xpass)
        r.check(name + ": counts", got == exp["counts"],
                "got %s want %s (errors %s)" % (got, exp["counts"], res.errors))
        r.check(name + ": ok", res.ok == exp["ok"], "got %s" % res.ok)
        r.check(name + ": complete", res.complete == exp["complete"],
                "got %s" % res.complete)
        errs = exp["errors"]
        r.check(name + ": error count", len(res.errors) == len(errs),
                "got %s" % res.errors)
        for want, got_e in zip(errs, res.errors):
            r.check(name + ": error text", want in got_e,
                    "%r not in %r" % (want, got_e))
        if "failures" in exp:
            names = [".".join(p) for p, _ in res.failures()]
            r.check(name + ": failures", names == exp["failures"],
                    "got %s" % names)
        if "noise" in exp:
            r.check(name + ": noise kept", len(res.noise) == exp["noise"],
                    "got %d: %s" % (len(res.noise), res.noise))


def unit_tests(r, ktap):
    # Diagnostics attach to the result that follows them.
    res = ktap.parse(open(os.path.join(HERE, "fixtures", "fail.ktap")))
    t = res.tests[0].subtests[1]
    r.check("diag attached", t.diagnostics == [
        "test_memcpy: EXPECTATION FAILED at lib/string_test.c:42",
        "dst[3] == 'x': 0 != 120"], "got %s" % t.diagnostics)
    r.check("status strings", [s.status for s in res.tests[0].subtests] ==
            ["PASS", "FAIL", "PASS"])
    r.check("suite plan kept", res.tests[0].plan == 3)

    # Directives: reason text, case-insensitive keyword.
    res = ktap.parse("KTAP version 1\n1..2\nok 1 a # skip not here\n"
                     "not ok 2 b # TODO later\n")
    a, b = res.tests
    r.check("skip directive", (a.directive, a.reason) == ("SKIP", "not here"),
            "got %r %r" % (a.directive, a.reason))
    r.check("todo directive", (b.status, b.reason) == ("XFAIL", "later"))
    r.check("summary line", res.summary("x") ==
            "ktest x: 0 passed, 0 failed, 1 skipped, 1 xfail", res.summary("x"))

    # Incremental use: complete flips exactly when the plan is satisfied.
    p = ktap.Parser()
    states = []
    for line in ["boot", "KTAP version 1", "1..2", "    KTAP version 1",
                 "    1..1", "    ok 1 x", "ok 1 s", "ok 2 t"]:
        p.feed(line)
        states.append(p.complete)
    r.check("incremental complete", states == [False] * 7 + [True],
            "got %s" % states)
    r.check("started", p.started)
    r.check("finish ok", p.finish().ok)

    # CRLF and tabs.
    res = ktap.parse("KTAP version 1\r\n1..1\r\n\tKTAP version 1\r\n"
                     "\t1..1\r\n\tok 1 x\r\nok 1 s\r\n")
    r.check("crlf+tab", res.ok and res.tests[0].subtests[0].name == "x",
            "errors %s" % res.errors)

    # Unsupported version is an error; an empty plan is a pass.
    r.check("version 2 rejected", not ktap.parse("KTAP version 2\n1..0\n").ok)
    r.check("empty plan", ktap.parse("KTAP version 1\n1..0\n").ok)

    # Noise that looks KTAP-ish before the header is ignored.
    res = ktap.parse("ok 1 bogus\nKTAP version 1\n1..1\nok 1 real\n")
    r.check("pre-header noise", res.ok and len(res.tests) == 1)

    # An indented diagnostic outside a suite is not a nested suite.
    res = ktap.parse("KTAP version 1\n1..1\n    # just a note\nok 1 a\n")
    r.check("indented diag", res.ok and not res.tests[0].subtests and
            res.tests[0].diagnostics == ["just a note"], "errors %s" % res.errors)

    # Two nested suites, the first missing its result line.
    res = ktap.parse("KTAP version 1\n1..2\n    KTAP version 1\n"
                     "    # Subtest: a\n    1..1\n    ok 1 x\n"
                     "ok 1 a\n    KTAP version 1\n    # Subtest: b\n"
                     "    1..1\n    not ok 1 y\n")
    r.check("orphan suite kept", [t.name for t in res.tests] == ["a", "b"] and
            res.tests[1].missing, "got %s" % res.tests)
    r.check("orphan counts", res.counts.passed == 1 and
            res.counts.failed == 1 + len(res.errors), repr(res.counts))


def main():
    if len(sys.argv) not in (2, 3):
        print(__doc__.strip())
        return 2
    sys.path.insert(0, os.path.join(sys.argv[1], "scripts"))
    import ktap
    r = Runner()
    fixture_tests(r, ktap)
    unit_tests(r, ktap)
    if len(sys.argv) == 3:
        sys.path.insert(0, HERE)
        import test_qemu_run
        p, f = test_qemu_run.run_tests(sys.argv[1], sys.argv[2])
        r.passed += p
        r.failed += f
    print("hosttest ktap: %d passed, %d failed" % (r.passed, r.failed))
    return 1 if r.failed else 0


if __name__ == "__main__":
    sys.exit(main())
