"""An attacker who reads every published table of some snapshots: one unknown per distinct cell
(whatever the tables showing it), the equations of every table's lines, the published values and
non-negativity; one linear program per hidden cell, written from the published lines alone,
independently of the suppression and of its audit (tools/linked.py)."""

from collections import defaultdict

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import coo_matrix

TOTAL = "__total__"


def cell_of(line, spec):
    """What a published line counts, whatever its table: model, domain, quantity and facts."""
    facts = set()
    if line.scope == "cri":
        facts.add(("company_id", str(line.company_id.id)))
    if line.row_key != TOTAL:
        facts.add((spec.row, line.row_key))
    if line.col_key != TOTAL:
        facts.add((spec.col, line.col_key))
    return (spec.model, spec.domain, spec.measure or "count", frozenset(facts))


def earlier_floors(env, index, hidden, earlier):
    """{variable: floor} of the hidden counts that the ``earlier`` snapshots (last month's, year to
    date) published: an attacker may take them as floors where figures only grow; kept where that
    holds (an assumption that fails would only mislead the attacker)."""
    Table = env["cri.reporting.table"]
    floors = {}
    lines = (
        env["cri.reporting.snapshot.line"]
        .sudo()
        .search([("snapshot_id", "in", earlier.ids), ("hidden", "=", False)])
    )
    for line in lines:
        spec = Table._spec(line.table_code)
        if not spec.people:
            continue
        cell = cell_of(line, spec)
        variable = index.get(cell)
        # counts only: published hours are rounded, a floor of them could exceed what the rounded
        # tables of this month allow
        if cell[2] == "count" and variable in hidden and line.published_value <= hidden[variable][1]:
            floors[variable] = max(floors.get(variable, 0.0), line.published_value)
    return floors


def published_system(env, snapshots):
    """Unknowns (one a distinct cell, whatever the tables showing it), the equations of every
    table's lines, the published values, and what the audit must check."""
    Table = env["cri.reporting.table"]
    lines = env["cri.reporting.snapshot.line"].sudo().search([("snapshot_id", "in", snapshots.ids)])
    index, published, hidden_people = {}, {}, {}
    tables = defaultdict(list)
    for line in lines:
        spec = Table._spec(line.table_code)
        if not spec.people:
            continue
        cell = cell_of(line, spec)
        variable = index.setdefault(cell, len(index))
        tables[line.snapshot_id.id, line.table_code].append((line.row_key, line.col_key, variable))
        if line.hidden:
            hidden_people.setdefault(variable, (line.people_count, line.value))
        else:
            published[variable] = line.published_value
    equations = []
    for cells in tables.values():
        grid = {(row, col): variable for row, col, variable in cells}
        rows = {row for row, _col in grid if row != TOTAL}
        cols = {col for _row, col in grid if col != TOTAL}
        for row in rows:
            equations.append([grid[row, col] for col in cols] + [-1 - grid[row, TOTAL]])
        for col in cols:
            equations.append([grid[row, col] for row in rows] + [-1 - grid[TOTAL, col]])
        if cols:
            equations.append([grid[TOTAL, col] for col in cols] + [-1 - grid[TOTAL, TOTAL]])
    return index, equations, published, hidden_people


def bounds(variable, equations, published, floors=None):
    """(low, high) of ``variable`` given every published value, non-negativity and ``floors``
    ({variable: smallest value})."""
    # the equations that reach the variable through unknowns (the rest is constant)
    unknown = {variable}
    reach, changed = [], True
    while changed:
        changed = False
        for number, equation in enumerate(equations):
            if number in reach:
                continue
            members = {term if term >= 0 else -1 - term for term in equation}
            if members & unknown:
                reach.append(number)
                new = {member for member in members if member not in published} - unknown
                if new:
                    unknown |= new
                    changed = True
    columns = {member: position for position, member in enumerate(sorted(unknown))}
    rows, cols, data, rhs = [], [], [], []
    for row, number in enumerate(reach):
        constant = 0.0
        for term in equations[number]:
            member, sign = (term, 1.0) if term >= 0 else (-1 - term, -1.0)
            if member in columns:
                rows.append(row)
                cols.append(columns[member])
                data.append(sign)
            else:
                constant += sign * published[member]
        rhs.append(-constant)
    matrix = coo_matrix((data, (rows, cols)), shape=(len(reach), len(columns))).tocsr()
    objective = np.zeros(len(columns))
    objective[columns[variable]] = 1
    limits = [((floors or {}).get(member, 0.0), None) for member in sorted(unknown)]
    low = linprog(objective, A_eq=matrix, b_eq=rhs, bounds=limits, method="highs")
    high = linprog(-objective, A_eq=matrix, b_eq=rhs, bounds=limits, method="highs")
    if low.status != 0:
        raise AssertionError(f"the published tables admit no solution: {low.message}")
    return low.fun, (np.inf if high.status == 3 else -high.fun)
