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


def _pct(a, b):
    return "%.1f%%" % (100.0 * a / b) if b else "-"


def print_summary(s):
    """The figures of tests/gen/summary.json, one per line."""
    print("pages                     %d" % s["pages"])
    print("Format lines              %d (plus %d per-model headings)"
          % (s["format_lines"], s["model_headings"]))
    print("rows                      %d (%d configuration, %d display, %d action); %d rejected"
          % (s["rows"], s["rows_config"], s["rows_display"], s["rows_action"], s["rows_rejected"]))
    print("views                     %d names in the pages; %d views (aliases and \"All views\" "
          "left out), %d with a way in; %d pages run in \"All views\""
          % (s["view_names_in_pages"], s["views"], s["views_entered"], s["pages_all_views"]))
    print("beyond today's limits     %d rows of more than 256 tokens, %d repeating more than "
          "64 times" % (s.get("rows_over_256_tokens", 0), s.get("rows_repeating_over_64", 0)))
    print("parameters with a row     %d of %d (%s)" % (s["format_parameters_with_row"],
          s["format_parameters"], _pct(s["format_parameters_with_row"], s["format_parameters"])))
    print("value columns typed       %d of %d (%s), %d of them enumerations written as keywords"
          % (s["value_columns_typed"], s["value_columns"],
             _pct(s["value_columns_typed"], s["value_columns"]), s["enumerations_as_keywords"]))
    print("Example blocks            %d, %d command lines, %d of the pages' own commands"
          % (s["example_blocks"], s["example_lines"], s["example_own_lines"]))
    print("lines taken (own / all)   %d (%s) / %d (%s), by the generator's matcher, not the engine"
          % (s["example_own_lines_matched"],
             _pct(s["example_own_lines_matched"], s["example_own_lines"]),
             s["example_lines_taken"], _pct(s["example_lines_taken"], s["example_lines"])))
