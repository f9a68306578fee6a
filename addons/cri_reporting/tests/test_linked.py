"""The audit of linked tables on crafted cases: what an attacker reading every published table
learns of a hidden small count, and the complements that leave it an interval wide enough."""

from odoo.tests import BaseCase, tagged

from ..tools import linked
from ..tools.suppression import TOTAL, determined


def add_table(system, name, rows, cols, counts, key_of, hours=None):
    """Put a table (inner cells, margins computed) in ``system``; return {(row, col): cell}."""
    full = {(row, col): counts.get((row, col), 0) for row in rows for col in cols}
    for row in rows:
        full[row, TOTAL] = sum(full[row, col] for col in cols)
    for col in cols:
        full[TOTAL, col] = sum(full[row, col] for row in rows)
    full[TOTAL, TOTAL] = sum(full[row, TOTAL] for row in rows)
    measure = None
    if hours is not None:
        measure = {(row, col): hours.get((row, col), 0) for row in rows for col in cols}
        for row in rows:
            measure[row, TOTAL] = sum(measure[row, col] for col in cols)
        for col in cols:
            measure[TOTAL, col] = sum(measure[row, col] for row in rows)
        measure[TOTAL, TOTAL] = sum(measure[row, TOTAL] for row in rows)
    grid = {}
    for key, count in full.items():
        quantities = {"count": count}
        if measure is not None:
            quantities["hours"] = measure[key]
        grid[key] = system.cell(key_of(*key), quantities)
    quantities = ["count"] + (["hours"] if hours is not None else [])
    for quantity in quantities:
        for row in rows:
            system.line([grid[row, col] for col in cols], grid[row, TOTAL], quantity)
        for col in cols:
            system.line([grid[row, col] for row in rows], grid[TOTAL, col], quantity)
        system.line([grid[row, TOTAL] for row in rows], grid[TOTAL, TOTAL], quantity)
    return grid


def cri_key(cri, row_field, col_field):
    """Keys of a CRI's table: its company, and the row's and column's values."""

    def key(row, col):
        constraints = {("company", cri)}
        if row != TOTAL:
            constraints.add((row_field, row))
        if col != TOTAL:
            constraints.add((col_field, col))
        return frozenset(constraints)

    return key


def region_key(col_field):
    def key(row, col):
        constraints = set()
        if row != TOTAL:
            constraints.add(("company", row))
        if col != TOTAL:
            constraints.add((col_field, col))
        return frozenset(constraints)

    return key


@tagged("post_install", "-at_install")
class TestLinkedTables(BaseCase):
    def linked_case(self):
        """CRI A's nationality x gender table and the Region's CRI x gender table: the Region's
        row A is A's column margins."""
        system = linked.LinkedTables()
        a = add_table(
            system,
            "A",
            ["n1", "n2"],
            ["m", "f"],
            {("n1", "m"): 2, ("n1", "f"): 30, ("n2", "m"): 20, ("n2", "f"): 40},
            cri_key("A", "nationality", "gender"),
        )
        region = add_table(
            system,
            "Region",
            ["A", "B"],
            ["m", "f"],
            {("A", "m"): 22, ("A", "f"): 70, ("B", "m"): 55, ("B", "f"): 61},
            region_key("gender"),
        )
        return system, a, region

    def test_a_pattern_safe_table_by_table_is_pinned_by_the_linked_table(self):
        system, a, region = self.linked_case()
        # A's own pattern: the small count with its row, column and grand totals, a cycle in its
        # table (no bridge: not recomputable from A's table alone)
        pattern = {("n1", "m"), (TOTAL, "m"), ("n1", TOTAL), (TOTAL, TOTAL)}
        self.assertFalse(determined(pattern, ["n1", "n2"], ["m", "f"]))
        hidden = {a[key] for key in pattern}
        small = system.quantities[a["n1", "m"]]["count"]
        # the Region publishes A's gender totals and A's total: together, they pin the small count
        self.assertEqual(region["A", "m"], a[TOTAL, "m"])
        self.assertEqual(region["A", TOTAL], a[TOTAL, TOTAL])
        (verdict,) = linked.Auditor(system).audit(hidden, {small: 5})
        self.assertEqual((verdict.low, verdict.high), (2, 2))
        self.assertFalse(verdict.protected)

    def test_protecting_the_tables_together_leaves_the_small_count_an_interval_of_the_level(self):
        system, a, _region = self.linked_case()
        hidden = {a[key] for key in ({("n1", "m"), (TOTAL, "m"), ("n1", TOTAL), (TOTAL, TOTAL)})}
        small = system.quantities[a["n1", "m"]]["count"]
        costs = {
            cell: 1 + system.values[system.quantities[cell]["count"]] for cell in range(len(system.keys))
        }
        protection = linked.protect(system, hidden, {small: 5}, costs)
        self.assertTrue(protection.passed)
        self.assertTrue(protection.added)
        # an independent look: every other cell published, the small one can move by 5 or more
        (verdict,) = linked.Auditor(system).audit(hidden | protection.added, {small: 5})
        self.assertGreaterEqual(verdict.width, 5)
        self.assertLessEqual(verdict.low, 2)
        self.assertGreaterEqual(verdict.high, 2)

    def test_a_complement_without_hours_gives_the_hours_away_until_protected(self):
        """Hidden for its people, a cell hides its hours; a complement with people but no hours
        pins them when its row's published hours already add up."""
        system = linked.LinkedTables()
        grid = add_table(
            system,
            "hours",
            ["french", "citizenship"],
            ["planned", "running", "done"],
            {("french", "planned"): 8, ("french", "running"): 3, ("french", "done"): 40,
             ("citizenship", "planned"): 7, ("citizenship", "running"): 9, ("citizenship", "done"): 30},
            cri_key("A", "module", "state"),
            hours={("french", "running"): 25, ("french", "done"): 4000, ("citizenship", "done"): 600},
        )  # fmt: skip
        # chosen by the people count: the rectangle of the small count, whose other cells have
        # people but no hours yet
        pattern = {("french", "planned"), ("french", "running"), ("citizenship", "planned"),
                   ("citizenship", "running")}  # fmt: skip
        hidden = {grid[key] for key in pattern}
        cell = grid["french", "running"]
        people, hours = system.quantities[cell]["count"], system.quantities[cell]["hours"]
        verdicts = linked.Auditor(system).audit(hidden, {people: 5, hours: 2.5})
        by_var = {verdict.var: verdict for verdict in verdicts}
        self.assertTrue(by_var[people].protected, "the people may move")
        self.assertEqual((by_var[hours].low, by_var[hours].high), (25, 25), "the 0 h complements pin them")
        costs = {
            cell: 1 + system.values[system.quantities[cell]["count"]] for cell in range(len(system.keys))
        }
        protection = linked.protect(system, hidden, {people: 5, hours: 2.5}, costs)
        self.assertTrue(protection.passed)
        self.assertTrue(all(verdict.width >= verdict.required for verdict in protection.verdicts))

    def test_a_cell_shown_in_two_tables_holds_one_value(self):
        system = linked.LinkedTables()
        system.cell(frozenset({("company", "A")}), {"count": 12})
        with self.assertRaises(ValueError):
            system.cell(frozenset({("company", "A")}), {"count": 13})
