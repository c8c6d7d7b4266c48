# SPDX-License-Identifier: BSD-3-Clause
"""TAP lines for the test scripts of the service and its package
(packaging/notify_test.py, man/check_man.py): one "ok N - name" or
"not ok N - name" per check, with the detail of a failure as "#" lines, and a
closing "N passed, M failed" (docs/CONVENTIONS.md rule 12).
"""
import sys


class Tap:
    """Counts the checks of one script."""

    def __init__(self, detail_lines=15):
        self.passed = 0
        self.failed = 0
        self.detail_lines = detail_lines

    def ok(self, name, cond, *detail):
        """Report one check; the detail is printed only when it failed. @return cond."""
        n = self.passed + self.failed + 1
        if cond:
            self.passed += 1
            print("ok %d - %s" % (n, name))
        else:
            self.failed += 1
            print("not ok %d - %s" % (n, name))
            for item in detail:
                for line in str(item).splitlines()[-self.detail_lines:]:
                    print("#   " + line)
        sys.stdout.flush()
        return cond

    def finish(self):
        """Print the summary. @return the exit status: 0, or 1 when a check failed."""
        print("%d passed, %d failed" % (self.passed, self.failed))
        return 1 if self.failed else 0
