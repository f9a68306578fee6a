"""Statistical disclosure control of two-way tables of counts, by cell suppression.

Statistics that leave a CRI describe few people: a cell counting 2 newcomers of one nationality in
one commune points at them. Statistical offices hide such cells (primary suppression) and then hide
enough other cells (secondary suppression) that no hidden cell can be recomputed from the published
ones through the table's sums. This module does both for a table of inner cells with its row
totals, column totals and grand total, all published unless hidden.

Why the secondary suppression is a graph problem: in the (R+1) x (C+1) table extended with its
margins, multiply each total-row cell and each total-column cell by -1 (the grand total by +1);
every line then sums to zero. The hidden cells are the unknowns of these line equations, which are
those of a flow on the bipartite graph whose nodes are the R+1 rows and the C+1 columns and whose
edges are the hidden cells. A flow can move freely around any cycle, so a hidden cell is exactly
recomputable if and only if its edge lies on no cycle, i.e. is a bridge of that graph. Protecting
the table means adding hidden cells until the graph has no bridge left.

Only exact recomputation is prevented: bounds derived from non-negativity (a hidden cell cannot
exceed the smallest published total it belongs to) are not controlled.
"""

import dataclasses

# the key standing for a margin: (row, TOTAL) is a row total, (TOTAL, col) a column total
TOTAL = "__total__"

# Cost multipliers, in units of the table's absolute sum (which bounds every single cell), so that
# the ranking is lexicographic even for the three cells of a rectangle: any non-zero cells before
# any zero-count cell, inner cells before margins, and the grand total last.
_MARGIN_WEIGHT = 4
_GRAND_TOTAL_WEIGHT = 16
_ZERO_WEIGHT = 64


@dataclasses.dataclass
class SuppressedTable:
    """A table ready to publish: its values and counts with margins, and the cells to hide.

    ``primary`` is kept apart from ``hidden`` because it is what the next period must force again
    (with the secondary cells, which ``hidden`` holds) and what a report may explain differently.
    """

    rows: list
    cols: list
    values: dict
    counts: dict
    hidden: set
    primary: set

    def is_hidden(self, row, col):
        """Whether the cell (row, col), margins included, must not be published."""
        return (row, col) in self.hidden

    def display(self, row, col, marker):
        """The value to print in the cell: the marker (e.g. "<5" or ":c") when the cell is hidden."""
        if (row, col) in self.hidden:
            return marker
        return self.values[(row, col)]


def suppress(values, k=5, counts=None, rows=None, cols=None, forced=(), previous=None):
    """Compute the margins of a table of inner cells and the cells to hide before publishing it.

    :param values: {(row_key, col_key): number} of the inner cells; a missing key is 0
    :param k: smallest count of people that may be published; ``k <= 1`` disables the threshold
    :param counts: people per inner cell, same shape as ``values``, when the values are not head
        counts (e.g. hours); defaults to ``values``
    :param rows: inner row keys in display order; defaults to the sorted keys found
    :param cols: inner column keys in display order; defaults to the sorted keys found
    :param forced: keys to hide whatever their count, typically last period's hidden cells, so
        that two periods cannot be subtracted to reveal them; keys absent from the table are ignored
    :param previous: {key: count} published last period, margins included; a cell whose count grew
        or fell by 1..k-1 is hidden, as the difference of the two periods would be a small count
        (a file that changed columns since leaves one cell and enters another)
    :return: a :class:`SuppressedTable`
    """
    counts = values if counts is None else counts
    if rows is None:
        rows = sorted({row for row, _col in values} | {row for row, _col in counts})
    if cols is None:
        cols = sorted({col for _row, col in values} | {col for _row, col in counts})
    rows, cols = list(rows), list(cols)
    _check_keys(values, rows, cols)
    _check_keys(counts, rows, cols)
    full_values = _with_margins(values, rows, cols)
    full_counts = _with_margins(counts, rows, cols)
    if not rows or not cols:
        # every cell is a sum of nothing, zero by construction: hiding it would protect nothing
        return SuppressedTable(rows, cols, full_values, full_counts, set(), set())

    primary = set()
    if k > 1:
        primary.update(key for key, count in full_counts.items() if 0 < count < k)
        for key, before in (previous or {}).items():
            if key in full_counts and 0 < abs(full_counts[key] - before) < k:
                primary.add(key)
    primary.update(key for key in forced if key in full_counts)

    row_keys, col_keys = rows + [TOTAL], cols + [TOTAL]
    scale = sum(abs(full_values[(row, col)]) for row in rows for col in cols) + 1
    costs = [
        [_cost(row, col, full_values[(row, col)], full_counts[(row, col)], scale) for col in col_keys]
        for row in row_keys
    ]
    positions = _positions(primary, rows, cols)
    added = _protect(positions, costs)
    hidden = primary | {(row_keys[i], col_keys[j]) for i, j in added}
    return SuppressedTable(rows, cols, full_values, full_counts, hidden, primary)


def determined(hidden, rows, cols):
    """The hidden keys whose value can be recomputed exactly from the published cells.

    These are the bridges of the graph rows x columns whose edges are the hidden cells (see the
    module docstring); an empty result means the hidden pattern is safe against exact recomputation.
    """
    rows, cols = list(rows), list(cols)
    row_keys, col_keys = rows + [TOTAL], cols + [TOTAL]
    adjacency = _adjacency(_positions(hidden, rows, cols), len(row_keys), len(col_keys))
    return {(row_keys[i], col_keys[j]) for i, j in _bridges(adjacency, len(row_keys))}


def _check_keys(cells, rows, cols):
    """Refuse inner cells outside the given rows and columns: dropping them would falsify margins."""
    known_rows, known_cols = set(rows), set(cols)
    if TOTAL in known_rows or TOTAL in known_cols:
        raise ValueError(f"{TOTAL!r} is reserved for the margins")
    for row, col in cells:
        if row not in known_rows or col not in known_cols:
            raise ValueError(f"cell {(row, col)!r} is outside the table's rows and columns")


def _with_margins(cells, rows, cols):
    """Every key of the table, inner cells zero-filled, margins summed from the inner cells."""
    full = {(row, col): cells.get((row, col), 0) for row in rows for col in cols}
    for row in rows:
        full[(row, TOTAL)] = sum(full[(row, col)] for col in cols)
    for col in cols:
        full[(TOTAL, col)] = sum(full[(row, col)] for row in rows)
    full[(TOTAL, TOTAL)] = sum(full[(row, TOTAL)] for row in rows)
    return full


def _cost(row, col, value, count, scale):
    """A cell's price as a complementary cell: its absolute value plus a weight for its kind.

    Hiding a zero-count cell protects nothing when zeros are known (structural or guessed), and
    margins carry more information than inner cells, the grand total most of all. ``scale`` bounds
    every cell's absolute value, so the weights dominate the values.
    """
    weight = 0
    if row == TOTAL and col == TOTAL:
        weight = _GRAND_TOTAL_WEIGHT
    elif row == TOTAL or col == TOTAL:
        weight = _MARGIN_WEIGHT
    if count == 0:
        weight += _ZERO_WEIGHT
    return abs(value) + weight * scale


def _positions(keys, rows, cols):
    """Map keys to (row index, column index), the margins being the last index of each axis."""
    row_index = {row: i for i, row in enumerate(rows)}
    row_index[TOTAL] = len(rows)
    col_index = {col: j for j, col in enumerate(cols)}
    col_index[TOTAL] = len(cols)
    try:
        return {(row_index[row], col_index[col]) for row, col in keys}
    except KeyError as error:
        raise ValueError(f"key {error.args[0]!r} is not a row or a column of the table") from error


def _adjacency(positions, n_rows, n_cols):
    """Neighbour sets of the bipartite graph: node i is row i, node n_rows + j is column j."""
    adjacency = [set() for _ in range(n_rows + n_cols)]
    for i, j in positions:
        adjacency[i].add(n_rows + j)
        adjacency[n_rows + j].add(i)
    return adjacency


def _bridges(adjacency, n_rows):
    """Tarjan's bridge finding, with an explicit stack so that large tables cannot overflow it.

    The graph is simple (one cell per row and column pair), so skipping the parent node is the same
    as skipping the edge just walked. Neighbours are visited in sorted order for determinism.
    """
    discovered = [-1] * len(adjacency)
    low = [0] * len(adjacency)
    clock = 0
    bridges = set()
    for start, neighbours in enumerate(adjacency):
        if discovered[start] != -1 or not neighbours:
            continue
        discovered[start] = low[start] = clock
        clock += 1
        stack = [(start, -1, iter(sorted(neighbours)))]
        while stack:
            node, parent, pending = stack[-1]
            for other in pending:
                if other == parent:
                    continue
                if discovered[other] == -1:
                    discovered[other] = low[other] = clock
                    clock += 1
                    stack.append((other, node, iter(sorted(adjacency[other]))))
                    break
                low[node] = min(low[node], discovered[other])
            else:
                stack.pop()
                if stack:
                    up = stack[-1][0]
                    low[up] = min(low[up], low[node])
                    if low[node] > discovered[up]:
                        bridges.add((min(up, node), max(up, node) - n_rows))
    return bridges


def _protect(hidden, costs):
    """Add complementary cells to the hidden positions until no bridge is left; return the added.

    Adding cells never turns an edge into a bridge and each addition closes a cycle through the
    bridge it fixes, so one pass over the bridges found, skipping those an earlier addition already
    fixed, leaves none; the bridges are still recomputed until none is found, as the definition of
    done. Fixing bridges in table order gives the same pattern as recomputing after each addition.
    """
    n_rows, n_cols = len(costs), len(costs[0])
    adjacency = _adjacency(hidden, n_rows, n_cols)
    hidden = set(hidden)
    # a hidden cell costs nothing more to use again
    prices = [
        [0 if (i, j) in hidden else cost for j, cost in enumerate(line)] for i, line in enumerate(costs)
    ]
    added = set()
    while bridges := sorted(_bridges(adjacency, n_rows)):
        for i, j in bridges:
            adjacency[i].discard(n_rows + j)
            adjacency[n_rows + j].discard(i)
            side_a = _component(adjacency, i)
            side_b = set() if n_rows + j in side_a else _component(adjacency, n_rows + j)
            adjacency[i].add(n_rows + j)
            adjacency[n_rows + j].add(i)
            if not side_b:
                continue
            for cell in _closure(i, j, side_a, side_b, prices, hidden, n_rows):
                hidden.add(cell)
                added.add(cell)
                prices[cell[0]][cell[1]] = 0
                adjacency[cell[0]].add(n_rows + cell[1])
                adjacency[n_rows + cell[1]].add(cell[0])
    return added


def _component(adjacency, start):
    """The nodes reachable from start."""
    seen = {start}
    pending = [start]
    while pending:
        for other in adjacency[pending.pop()]:
            if other not in seen:
                seen.add(other)
                pending.append(other)
    return seen


def _closure(i, j, side_a, side_b, prices, hidden, n_rows):
    """The cheapest visible cells closing a cycle through the bridge (i, j).

    Removing the bridge splits its component into side A (holding row i) and side B (holding
    column j); one cell joining a row of one side to a column of the other suffices. Only when
    none exists (row i alone on its side with no column, or column j alone with no row) is a
    rectangle (i, j2), (i2, j), (i2, j2) needed, its already hidden cells being free.
    """
    rows_a = sorted(node for node in side_a if node < n_rows)
    cols_a = sorted(node - n_rows for node in side_a if node >= n_rows)
    rows_b = sorted(node for node in side_b if node < n_rows)
    cols_b = sorted(node - n_rows for node in side_b if node >= n_rows)
    candidates = [(prices[r][c], r, c) for r in rows_a for c in cols_b if (r, c) != (i, j)]
    candidates += [(prices[r][c], r, c) for r in rows_b for c in cols_a]
    if candidates:
        _price, r, c = min(candidates)
        return [(r, c)]
    best = None
    row_i = prices[i]
    for i2, row_i2 in enumerate(prices):
        if i2 == i:
            continue
        for j2, price in enumerate(row_i2):
            if j2 == j:
                continue
            total = row_i[j2] + row_i2[j] + price
            if best is None or total < best[0]:
                best = (total, i2, j2)
    _total, i2, j2 = best
    return [cell for cell in ((i, j2), (i2, j), (i2, j2)) if cell not in hidden]
