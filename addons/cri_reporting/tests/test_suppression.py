import random
from fractions import Fraction

from odoo.tests import TransactionCase, tagged

from odoo.addons.cri_reporting.tools import suppression

TOTAL = suppression.TOTAL


def recomputable(hidden, rows, cols):
    """The hidden keys an attacker can recompute exactly, by exact linear algebra.

    Independent of the bridge theory the module relies on: the published table satisfies one
    equation per line of the extended table (each row, total row included, sums to its row-total
    cell; each column, total column included, sums to its column-total cell). Moving the visible
    cells to the right-hand side leaves a system A_H x_H = b over the hidden cells; x_h is fixed by
    it iff the unit vector e_h lies in the row space of A_H. In the reduced row echelon form of A_H
    this holds iff h is a pivot column whose row has no other non-zero entry (the pivot columns
    appear in one row each, so a combination of rows equal to e_h can only be that row).
    """
    row_keys, col_keys = list(rows) + [TOTAL], list(cols) + [TOTAL]
    unknowns = sorted(hidden, key=lambda key: (row_keys.index(key[0]), col_keys.index(key[1])))
    index = {key: n for n, key in enumerate(unknowns)}
    equations = []
    for row in row_keys:
        terms = [((row, col), 1) for col in cols] + [((row, TOTAL), -1)]
        equations.append(terms)
    for col in col_keys:
        terms = [((row, col), 1) for row in rows] + [((TOTAL, col), -1)]
        equations.append(terms)
    matrix = []
    for terms in equations:
        line = [Fraction(0)] * len(unknowns)
        for key, coefficient in terms:
            if key in index:
                line[index[key]] += coefficient
        matrix.append(line)
    reduced, pivots = row_echelon(matrix, len(unknowns))
    return {
        unknowns[pivot]
        for line, pivot in zip(reduced, pivots, strict=True)
        if sum(1 for entry in line if entry) == 1
    }


def row_echelon(matrix, width):
    """Reduced row echelon form by Gauss-Jordan elimination over the rationals: (rows, pivot columns)."""
    lines = [list(line) for line in matrix]
    pivots = []
    for col in range(width):
        rank = len(pivots)
        found = next((n for n in range(rank, len(lines)) if lines[n][col]), None)
        if found is None:
            continue
        lines[rank], lines[found] = lines[found], lines[rank]
        lead = lines[rank][col]
        lines[rank] = [entry / lead for entry in lines[rank]]
        for n, line in enumerate(lines):
            if n != rank and line[col]:
                factor = line[col]
                lines[n] = [entry - factor * pivot for entry, pivot in zip(line, lines[rank], strict=True)]
        pivots.append(col)
    return lines[: len(pivots)], pivots


def grid(rows, cols, matrix):
    """Inner cells {(row, col): value} from a list of lists, the way the tests write tables."""
    return {(row, col): matrix[i][j] for i, row in enumerate(rows) for j, col in enumerate(cols)}


def all_keys(table):
    return [(row, col) for row in table.rows + [TOTAL] for col in table.cols + [TOTAL]]


@tagged("post_install", "-at_install")
class TestSuppression(TransactionCase):
    def assertSafe(self, table, k=5, inner=None):
        """The invariants of any suppressed table, checked without the module's own bridge code."""
        self.assertFalse(recomputable(table.hidden, table.rows, table.cols), "a hidden cell is recomputable")
        self.assertLessEqual(table.primary, table.hidden)
        for key in all_keys(table):
            if 0 < table.counts[key] < k:
                self.assertIn(key, table.primary, f"small count {key} is not a primary cell")
        for row in table.rows:
            self.assertEqual(table.values[(row, TOTAL)], sum(table.values[(row, col)] for col in table.cols))
            self.assertEqual(table.counts[(row, TOTAL)], sum(table.counts[(row, col)] for col in table.cols))
        for col in table.cols + [TOTAL]:
            self.assertEqual(table.values[(TOTAL, col)], sum(table.values[(row, col)] for row in table.rows))
            self.assertEqual(table.counts[(TOTAL, col)], sum(table.counts[(row, col)] for row in table.rows))
        if inner is not None:
            for row in table.rows:
                for col in table.cols:
                    self.assertEqual(table.values[(row, col)], inner.get((row, col), 0))

    def test_a_single_small_inner_cell_is_hidden_with_three_complementary_cells(self):
        rows, cols = ["a", "b", "c"], ["x", "y", "z"]
        inner = grid(rows, cols, [[2, 9, 30], [7, 6, 40], [50, 60, 70]])
        table = suppression.suppress(inner)
        self.assertSafe(table, inner=inner)
        self.assertEqual(table.primary, {("a", "x")})
        # the cheapest rectangle through (a, x): 9 + 7 + 6
        self.assertEqual(table.hidden, {("a", "x"), ("a", "y"), ("b", "x"), ("b", "y")})
        self.assertEqual(table.display("a", "x", "<5"), "<5")
        self.assertEqual(table.display("c", "z", "<5"), 70)
        self.assertEqual(table.display("a", TOTAL, "<5"), 41)
        self.assertTrue(table.is_hidden("b", "y"))
        self.assertFalse(table.is_hidden(TOTAL, TOTAL))

    def test_a_row_whose_only_non_zero_cells_are_small_is_protected_without_hiding_its_zero(self):
        rows, cols = ["a", "b", "c"], ["x", "y", "z"]
        inner = grid(rows, cols, [[2, 0, 3], [8, 9, 10], [11, 12, 13]])
        table = suppression.suppress(inner)
        self.assertSafe(table, inner=inner)
        self.assertEqual(table.primary, {("a", "x"), ("a", "z")})
        self.assertFalse(table.is_hidden("a", TOTAL), "a row total of 5 is publishable")
        self.assertFalse(table.is_hidden("a", "y"))

    def test_a_small_row_total_is_hidden_and_protected(self):
        rows, cols = ["a", "b", "c"], ["x", "y", "z"]
        inner = grid(rows, cols, [[1, 3, 0], [8, 9, 10], [11, 12, 13]])
        table = suppression.suppress(inner)
        self.assertSafe(table, inner=inner)
        self.assertEqual(table.primary, {("a", "x"), ("a", "y"), ("a", TOTAL)})
        self.assertFalse(table.is_hidden("a", "z"))

    def test_a_small_column_total_is_hidden_and_protected(self):
        rows, cols = ["a", "b", "c"], ["x", "y", "z"]
        inner = grid(rows, cols, [[1, 8, 11], [0, 9, 12], [3, 10, 13]])
        table = suppression.suppress(inner)
        self.assertSafe(table, inner=inner)
        self.assertEqual(table.primary, {("a", "x"), ("c", "x"), (TOTAL, "x")})
        self.assertFalse(table.is_hidden("b", "x"))

    def test_a_small_grand_total_hides_every_non_zero_cell_and_no_zero(self):
        rows, cols = ["a", "b"], ["x", "y", "z"]
        inner = grid(rows, cols, [[1, 0, 2], [0, 1, 0]])
        table = suppression.suppress(inner)
        self.assertSafe(table, inner=inner)
        non_zero = {key for key in all_keys(table) if table.counts[key]}
        self.assertEqual(table.hidden, non_zero)
        self.assertEqual(table.primary, non_zero)

    def test_zeros_are_not_chosen_as_complementary_cells_when_a_non_zero_cell_exists(self):
        rows, cols = ["a", "b", "c"], ["x", "y", "z"]
        # hiding (a, y), (b, x), (b, y) would cost 0 + 0 + 8 but protects nothing if zeros are known
        inner = grid(rows, cols, [[3, 0, 9], [0, 8, 7], [6, 9, 8]])
        table = suppression.suppress(inner)
        self.assertSafe(table, inner=inner)
        self.assertEqual(table.hidden, {("a", "x"), ("a", "z"), ("c", "x"), ("c", "z")})
        self.assertFalse([key for key in table.hidden - table.primary if table.counts[key] == 0])

    def test_two_small_cells_of_a_column_are_protected_by_inner_cells_and_the_margins_stay_published(self):
        rows, cols = ["a", "b"], ["x", "y"]
        inner = grid(rows, cols, [[2, 40], [3, 45]])
        table = suppression.suppress(inner)
        self.assertSafe(table, inner=inner)
        self.assertEqual(table.primary, {("a", "x"), ("b", "x")})
        self.assertEqual(table.hidden, set(inner))

    def test_k_sets_the_threshold_of_primary_suppression(self):
        rows, cols = ["a", "b", "c"], ["x", "y", "z"]
        inner = grid(rows, cols, [[1, 2, 3], [4, 9, 10], [20, 30, 40]])
        loose = suppression.suppress(inner, k=3)
        strict = suppression.suppress(inner, k=10)
        self.assertEqual(loose.primary, {("a", "x"), ("a", "y")})
        self.assertEqual(
            strict.primary, {("a", "x"), ("a", "y"), ("a", "z"), ("b", "x"), ("b", "y"), ("a", TOTAL)}
        )
        self.assertSafe(loose, k=3, inner=inner)
        self.assertSafe(strict, k=10, inner=inner)

    def test_k_of_one_hides_nothing(self):
        rows, cols = ["a", "b"], ["x", "y"]
        inner = grid(rows, cols, [[1, 2], [0, 1]])
        for k in (1, 0):
            table = suppression.suppress(inner, k=k)
            self.assertEqual(table.hidden, set())
            self.assertEqual(table.primary, set())
            self.assertEqual(table.display("a", "x", ":c"), 1)

    def test_counts_of_people_decide_the_suppression_of_a_table_of_hours(self):
        rows, cols = ["a", "b", "c"], ["x", "y", "z"]
        hours = grid(rows, cols, [[37.5, 120.0, 80.0], [200.0, 150.0, 90.0], [60.0, 75.0, 110.0]])
        people = grid(rows, cols, [[2, 12, 8], [20, 15, 9], [6, 7, 11]])
        table = suppression.suppress(hours, counts=people)
        self.assertSafe(table, inner=hours)
        self.assertEqual(table.primary, {("a", "x")})
        self.assertEqual(table.values[(TOTAL, TOTAL)], 922.5)
        self.assertEqual(table.counts[(TOTAL, TOTAL)], 90)
        # complementary cells are chosen by hours: 80 + 60 + 110 = 250 beats 120 + 60 + 75 = 255
        self.assertEqual(table.hidden, {("a", "x"), ("a", "z"), ("c", "x"), ("c", "z")})

    def test_a_cell_hidden_last_month_stays_hidden_when_forced(self):
        rows, cols = ["a", "b", "c"], ["x", "y", "z"]
        month_1 = suppression.suppress(grid(rows, cols, [[3, 20, 30], [25, 35, 45], [50, 55, 60]]))
        self.assertIn(("a", "x"), month_1.hidden)
        inner = grid(rows, cols, [[12, 21, 30], [25, 36, 45], [50, 55, 61]])
        month_2 = suppression.suppress(inner, forced=month_1.hidden | {("z", "x"), ("a", "w")})
        self.assertSafe(month_2, inner=inner)
        self.assertLessEqual(month_1.hidden, month_2.hidden)
        self.assertEqual(month_2.primary, month_1.hidden, "keys absent from the table are ignored")

    def test_a_small_growth_since_last_month_is_hidden(self):
        rows, cols = ["a", "b", "c"], ["x", "y", "z"]
        month_1 = suppression.suppress(grid(rows, cols, [[20, 25, 30], [35, 10, 45], [50, 55, 60]]))
        self.assertEqual(month_1.hidden, set())
        published = {key: month_1.counts[key] for key in all_keys(month_1) if not month_1.is_hidden(*key)}
        inner = grid(rows, cols, [[20, 25, 30], [35, 12, 45], [50, 55, 70]])
        month_2 = suppression.suppress(inner, forced=month_1.hidden, previous=published)
        self.assertSafe(month_2, inner=inner)
        # (b, y) grew by 2, so did row b, column y and the grand total; (c, z) grew by 10
        self.assertEqual(month_2.primary, {("b", "y"), ("b", TOTAL), (TOTAL, "y")})
        self.assertTrue(month_2.is_hidden("b", "y"))
        self.assertFalse(month_2.is_hidden("c", "z"))

    def test_a_small_fall_since_last_month_is_hidden_too(self):
        """A person whose file changed columns leaves one cell and enters another: both moves."""
        rows, cols = ["a", "b"], ["x", "y", "z"]
        month_1 = suppression.suppress(grid(rows, cols, [[20, 25, 30], [35, 40, 45]]))
        published = {key: month_1.counts[key] for key in all_keys(month_1) if not month_1.is_hidden(*key)}
        inner = grid(rows, cols, [[19, 26, 30], [35, 40, 45]])
        month_2 = suppression.suppress(inner, forced=month_1.hidden, previous=published)
        self.assertSafe(month_2, inner=inner)
        self.assertEqual(month_2.primary, {("a", "x"), ("a", "y"), (TOTAL, "x"), (TOTAL, "y")})

    def test_the_same_table_always_gives_the_same_pattern(self):
        generator = random.Random(7)
        rows = [f"r{i}" for i in range(8)]
        cols = [f"c{j}" for j in range(6)]
        inner = {(row, col): generator.choice([0, 1, 2, 3, 7, 7, 12]) for row in rows for col in cols}
        shuffled = list(inner.items())
        generator.shuffle(shuffled)
        first = suppression.suppress(inner, rows=rows, cols=cols)
        again = suppression.suppress(dict(shuffled), rows=rows, cols=cols)
        self.assertEqual(first.hidden, again.hidden)
        self.assertEqual(first.primary, again.primary)

    def test_default_rows_and_columns_are_the_sorted_keys_and_missing_cells_are_zero(self):
        table = suppression.suppress({("b", "y"): 8, ("a", "x"): 9})
        self.assertEqual(table.rows, ["a", "b"])
        self.assertEqual(table.cols, ["x", "y"])
        self.assertEqual(table.values[("a", "y")], 0)
        self.assertEqual(table.values[(TOTAL, TOTAL)], 17)
        self.assertEqual(table.hidden, set())

    def test_a_cell_outside_the_given_rows_is_refused(self):
        with self.assertRaises(ValueError):
            suppression.suppress({("a", "x"): 8, ("z", "x"): 3}, rows=["a"], cols=["x"])

    def test_random_tables_are_never_recomputable(self):
        generator = random.Random(20240601)
        for _ in range(150):
            rows = [f"r{i}" for i in range(generator.randint(2, 8))]
            cols = [f"c{j}" for j in range(generator.randint(2, 8))]
            counts = {
                (row, col): generator.choice([0, 0, 1, 2, 3, 4, 5, 6, 9, 15, 40])
                for row in rows
                for col in cols
                if generator.random() < 0.9
            }
            values = None
            if generator.random() < 0.3:
                values = {key: count * generator.choice([3.5, 7, 12]) for key, count in counts.items()}
            forced = {(generator.choice(rows + [TOTAL]), generator.choice(cols + [TOTAL]))}
            k = generator.choice([3, 5, 10])
            table = suppression.suppress(
                values if values is not None else counts,
                k=k,
                counts=counts if values is not None else None,
                rows=rows,
                cols=cols,
                forced=forced if generator.random() < 0.3 else (),
            )
            self.assertSafe(table, k=k, inner=values if values is not None else counts)

    def test_determined_finds_exactly_the_recomputable_hidden_cells(self):
        generator = random.Random(1789)
        for _ in range(300):
            rows = [f"r{i}" for i in range(generator.randint(1, 6))]
            cols = [f"c{j}" for j in range(generator.randint(1, 6))]
            density = generator.choice([0.1, 0.3, 0.5, 0.8])
            hidden = {
                (row, col) for row in rows + [TOTAL] for col in cols + [TOTAL] if generator.random() < density
            }
            self.assertEqual(suppression.determined(hidden, rows, cols), recomputable(hidden, rows, cols))

    def test_a_table_of_200_rows_and_12_columns_is_suppressed(self):
        generator = random.Random(12)
        rows = [f"commune {i:03d}" for i in range(200)]
        cols = [f"month {j:02d}" for j in range(12)]
        inner = {(row, col): generator.choice([0, 1, 2, 3, 4, 6, 8, 15, 30]) for row in rows for col in cols}
        table = suppression.suppress(inner, rows=rows, cols=cols)
        self.assertLessEqual(table.primary, table.hidden)
        self.assertFalse(suppression.determined(table.hidden, rows, cols))
