"""Counts and the exceptions list: every row that is not generated as the
page writes it is recorded here with its reason, so nothing is dropped
silently."""

import collections


class Report:
    def __init__(self):
        self.counts = collections.Counter()
        self.rejected = []        # (page, format, reason)
        self.exceptions = []      # (category, page, subject, detail, reason)
        self.fallbacks = []       # (page, param, value text)

    def count(self, what, n=1):
        self.counts[what] += n

    def reject(self, page, fmt, reason, counted=True):
        if counted:
            self.counts["rows rejected"] += 1
        self.rejected.append((page, fmt, reason))

    def exception(self, category, page, subject, detail, reason):
        self.exceptions.append((category, page, subject, detail, reason))

    def fallback(self, page, param, value):
        self.fallbacks.append((page, param, value))

    def pct(self, part, whole):
        a, b = self.counts[part], self.counts[whole]
        return "%d of %d (%.1f%%)" % (a, b, 100.0 * a / b if b else 0.0)
