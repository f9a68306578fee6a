"""Disclosure control of linked tables: the audit of what an attacker learns from every table
published for a period, and the complementary cells that make it learn too little.

The tables the CRIs and the Region publish for a month share cells: a CRI's row in a Region
table is that CRI's table margin, two tables of a CRI about the same files have the same grand
total and the same gender totals. Suppressing each table alone leaves such links open: a hidden
cell of one table can be pinned by the published cells of another. Here every cell is one
unknown whatever the number of tables it appears in (its *key* says which records it counts),
and every line of every table is one equation (the inner cells of the line sum to its margin).

The attacker knows every published cell, every equation and that counts and measures (hours)
are non-negative, and may take last month's published year-to-date figures as floors. For a hidden cell, two linear programs (HiGHS, through
highspy) give the smallest and
the largest value consistent with all of that: the cell's *feasibility interval*. A cell is
protected when its interval is at least as wide as its protection requirement. Complementary
cells are hidden, cheapest first, until every requirement is met (``protect``). The audit is
exact for the continuous relaxation, which is what the statistical offices use (τ-ARGUS'
"audit"); counts being integers can only narrow an interval by less than one.

A cell holds one or more *quantities* (people, and for some tables hours): they are hidden and
published together, each with its own equations and requirement.
"""

import dataclasses
import time

import highspy
import numpy as np
from scipy.optimize import linprog
from scipy.sparse import csc_matrix, csr_matrix

# a width is compared with a requirement up to the solver's precision
EPSILON = 1e-6


@dataclasses.dataclass
class LinkedTables:
    """Cells (by key), their quantities (the unknowns, with their true values) and the equations
    of the tables' lines. Build it with ``cell`` and ``line``."""

    keys: list = dataclasses.field(default_factory=list)
    cell_of_key: dict = dataclasses.field(default_factory=dict)
    # quantity name -> variable, per cell
    quantities: list = dataclasses.field(default_factory=list)
    values: list = dataclasses.field(default_factory=list)
    cell_of_var: list = dataclasses.field(default_factory=list)
    # an equation: [(variable, coefficient)] summing to zero
    equations: list = dataclasses.field(default_factory=list)
    # how many tables show a cell: hiding a cell shared by tables hides more
    appearances: list = dataclasses.field(default_factory=list)
    # the smallest value a reader may assume for each variable (0, or what an earlier
    # publication of a figure that only grows showed)
    lower: list = dataclasses.field(default_factory=list)

    def cell(self, key, quantities):
        """The cell of ``key`` (created on first use) with ``{quantity: value}``; a key seen again
        must bring the same values (it counts the same records)."""
        cell = self.cell_of_key.get(key)
        if cell is None:
            cell = len(self.keys)
            self.keys.append(key)
            self.cell_of_key[key] = cell
            self.quantities.append({})
            self.appearances.append(0)
        self.appearances[cell] += 1
        for name, value in quantities.items():
            var = self.quantities[cell].get(name)
            if var is None:
                var = len(self.values)
                self.values.append(float(value))
                self.lower.append(0.0)
                self.cell_of_var.append(cell)
                self.quantities[cell][name] = var
            elif abs(self.values[var] - float(value)) > EPSILON:
                raise ValueError(f"cell {key!r} holds two values of {name}: {self.values[var]} and {value}")
        return cell

    def floor(self, cell, quantity, value):
        """A reader may assume ``quantity`` of ``cell`` is at least ``value`` (a year-to-date figure
        published earlier); never above the true value, where the figure fell."""
        var = self.quantities[cell][quantity]
        self.lower[var] = max(self.lower[var], min(float(value), self.values[var]))

    def line(self, inner_cells, margin_cell, quantity):
        """The equation of a table's line: its inner cells sum to its margin, for ``quantity``."""
        terms = [(self.quantities[cell][quantity], 1.0) for cell in inner_cells]
        terms.append((self.quantities[margin_cell][quantity], -1.0))
        self.equations.append(terms)

    def variables(self, cells):
        return [var for cell in cells for var in self.quantities[cell].values()]


@dataclasses.dataclass
class Verdict:
    """The attacker's interval of a protected quantity and what it had to be."""

    var: int
    cell: int
    quantity: str
    value: float
    low: float
    high: float
    required: float

    @property
    def width(self):
        return self.high - self.low

    @property
    def protected(self):
        return self.width + EPSILON >= self.required


class Auditor:
    """The feasibility intervals of hidden quantities, as the attacker computes them."""

    def __init__(self, system):
        self.system = system
        self.var_equations = [[] for _ in system.values]
        for number, equation in enumerate(system.equations):
            for var, _coefficient in equation:
                self.var_equations[var].append(number)
        self.solved = 0

    def component(self, var, hidden_vars):
        """The hidden variables linked to ``var`` through equations of hidden variables, and those
        equations: the only ones the interval of ``var`` depends on."""
        seen, equations, pending = {var}, set(), [var]
        while pending:
            for number in self.var_equations[pending.pop()]:
                if number in equations:
                    continue
                equations.add(number)
                for other, _coefficient in self.system.equations[number]:
                    if other in hidden_vars and other not in seen:
                        seen.add(other)
                        pending.append(other)
        return sorted(seen), sorted(equations)

    def interval(self, var, hidden_vars):
        """(low, high) of hidden ``var`` given the published values of every other variable."""
        return self.intervals([var], hidden_vars)[var]

    def intervals(self, wanted, hidden_vars):
        """{var: (low, high)} of the hidden variables ``wanted``: one model per component of
        hidden variables, each of its variables minimised then maximised in turn (HiGHS' simplex
        starts from the previous optimum)."""
        result, pending = {}, set(wanted)
        while pending:
            variables, equations = self.component(min(pending), hidden_vars)
            solver = self._model(variables, equations)
            for index, var in enumerate(variables):
                if var not in pending:
                    continue
                pending.discard(var)
                low = self._optimum(solver, index, 1.0)
                high = self._optimum(solver, index, -1.0)
                result[var] = (low, np.inf if high is None else -high)
        return result

    def _model(self, variables, equations):
        """The attacker's program for one component: its hidden variables (not negative) and the
        equations they appear in, the published values moved to the right-hand side."""
        column = {other: index for index, other in enumerate(variables)}
        rows, cols, data, rhs = [], [], [], []
        values = self.system.values
        for row, number in enumerate(equations):
            constant = 0.0
            for other, coefficient in self.system.equations[number]:
                if other in column:
                    rows.append(row)
                    cols.append(column[other])
                    data.append(coefficient)
                else:
                    constant += coefficient * values[other]
            rhs.append(-constant)
        matrix = csc_matrix((data, (rows, cols)), shape=(len(equations), len(variables)))
        model = highspy.HighsLp()
        model.num_col_, model.num_row_ = len(variables), len(equations)
        model.col_cost_ = np.zeros(len(variables))
        model.col_lower_ = np.array([self.system.lower[other] for other in variables], dtype=float)
        model.col_upper_ = np.full(len(variables), highspy.kHighsInf)
        model.row_lower_ = model.row_upper_ = np.array(rhs, dtype=float)
        model.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        model.a_matrix_.start_ = matrix.indptr
        model.a_matrix_.index_ = matrix.indices
        model.a_matrix_.value_ = matrix.data
        solver = highspy.Highs()
        solver.setOptionValue("output_flag", False)
        # the simplex alone: its basis carries from one objective to the next
        solver.setOptionValue("presolve", "off")
        solver.passModel(model)
        return solver

    def _optimum(self, solver, index, sign):
        """The minimum of ``sign`` times the variable at ``index``, or None when unbounded."""
        self.solved += 1
        solver.changeColCost(index, sign)
        solver.run()
        status = solver.getModelStatus()
        if status not in (highspy.HighsModelStatus.kOptimal, highspy.HighsModelStatus.kUnbounded):
            # the simplex may stop undecided from a previous basis: solved again from scratch
            solver.clearSolver()
            solver.run()
            status = solver.getModelStatus()
        value = solver.getInfo().objective_function_value
        solver.changeColCost(index, 0.0)
        if status == highspy.HighsModelStatus.kUnbounded:  # the attacker learns no bound
            return None
        if status != highspy.HighsModelStatus.kOptimal:
            raise ValueError(f"the published tables admit no solution: {solver.modelStatusToString(status)}")
        return value

    def audit(self, hidden, requirements):
        """A verdict for each protected variable of ``requirements`` ({var: width}) whose cell is
        hidden; a protected cell left published is a verdict of width 0."""
        hidden_vars = set(self.system.variables(hidden))
        bounds = self.intervals([var for var in requirements if var in hidden_vars], hidden_vars)
        verdicts = []
        for var, required in sorted(requirements.items()):
            cell = self.system.cell_of_var[var]
            quantity = next(name for name, other in self.system.quantities[cell].items() if other == var)
            value = self.system.values[var]
            low, high = bounds.get(var, (value, value))
            verdicts.append(Verdict(var, cell, quantity, value, low, high, required))
        return verdicts


@dataclasses.dataclass
class Protection:
    """The outcome of ``protect``: every cell hidden (a cell hidden in one table is hidden in all
    those that show it), those it added, the final verdicts, what it cost."""

    hidden: set
    added: set
    verdicts: list
    seconds: float
    programs: int

    @property
    def passed(self):
        return all(verdict.protected for verdict in self.verdicts)


def protect(system, hidden, requirements, costs, frozen=(), floor=1.0):
    """Hide complementary cells, cheapest first, until every requirement holds and no hidden cell
    can be recomputed exactly.

    For a failing quantity, one linear program finds the cheapest way to move it up by its
    requirement while every line of every table still adds up and no count or measure becomes
    negative: the published cells that move have to be hidden (``_complements``, the
    "incremental attacker" subproblem of the statistical offices' heuristics). The audit then
    checks the interval for real.

    :param system: the :class:`LinkedTables` of the period
    :param hidden: cells hidden already (small counts, the stability rules, each table's own
        complements); not modified
    :param requirements: {variable: smallest width of its interval} of the sensitive quantities
    :param costs: {cell: price of hiding it, a positive number} (the information lost)
    :param frozen: cells whose status may not change (already published)
    :param floor: the smallest width of any hidden quantity: a hidden cell that the published
        ones give away exactly protects nothing, and its marker would lie
    :return: a :class:`Protection` whose verdicts are those of ``requirements``
    """
    started = time.perf_counter()
    auditor = Auditor(system)
    components = _Components(system)
    hidden = set(hidden)
    frozen = set(frozen)
    added = set()
    # hiding a cell turns a published value into an unknown: the attacker's intervals only widen,
    # so a requirement met stays met; the cells hidden on the way are checked in turn
    passed = set()
    while True:
        pending = dict.fromkeys(system.variables(hidden), floor)
        pending.update((var, max(width, pending.get(var, 0.0))) for var, width in requirements.items())
        pending = {var: width for var, width in sorted(pending.items()) if var not in passed}
        if not pending:
            break
        # the intervals of every pending quantity at once; a failing one is taken again with
        # the complements hidden since (they may have widened it already)
        for verdict in auditor.audit(hidden, pending):
            var, required = verdict.var, verdict.required
            if not verdict.protected:
                (verdict,) = auditor.audit(hidden, {var: required})
            attempts = 0
            while not verdict.protected:
                if verdict.cell not in hidden:
                    # a sensitive cell that its table left published is hidden first
                    if verdict.cell in frozen:
                        raise ValueError(
                            f"cell {system.keys[verdict.cell]!r} is sensitive but already published"
                        )
                    cells = {verdict.cell}
                else:
                    attempts += 1
                    cells = _complements(system, components, var, required, hidden, costs, frozen)
                    if not cells or attempts > 3:
                        raise ValueError(
                            f"cell {system.keys[verdict.cell]!r} cannot be protected: every cell that "
                            "could protect it is already published"
                        )
                hidden |= cells
                added |= cells
                (verdict,) = auditor.audit(hidden, {var: required})
            passed.add(var)
    verdicts = auditor.audit(hidden, requirements)
    return Protection(hidden, added, verdicts, time.perf_counter() - started, auditor.solved)


class _Components:
    """The variables linked through the equations, whatever is hidden: a quantity can only be
    moved together with the variables of its component."""

    def __init__(self, system):
        parent = list(range(len(system.values)))

        def root(var):
            while parent[var] != var:
                parent[var] = parent[parent[var]]
                var = parent[var]
            return var

        for equation in system.equations:
            first = root(equation[0][0])
            for var, _coefficient in equation[1:]:
                other = root(var)
                if other != first:
                    parent[other] = first
        self.variables, self.equations = {}, {}
        for var in range(len(system.values)):
            self.variables.setdefault(root(var), []).append(var)
        for number, equation in enumerate(system.equations):
            self.equations.setdefault(root(equation[0][0]), []).append(number)
        self.root = root


def _complements(system, components, var, required, hidden, costs, frozen):
    """The published cells to hide so that ``var`` can be ``required`` higher than its value in a
    solution of the tables: the cheapest move of the tables (each line still adding up, nothing
    negative, frozen published cells fixed) that raises it, from a linear program. Moving hidden
    cells is free."""
    root = components.root(var)
    variables, equations = components.variables[root], components.equations.get(root, [])
    column = {other: index for index, other in enumerate(variables)}
    size = len(variables)
    hidden_vars = set(system.variables(hidden))
    # unknowns: the rise and the fall of every variable
    rows, cols, data = [], [], []
    for row, number in enumerate(equations):
        for other, coefficient in system.equations[number]:
            rows += [row, row]
            cols += [column[other], size + column[other]]
            data += [coefficient, -coefficient]
    matrix = csr_matrix((data, (rows, cols)), shape=(len(equations), 2 * size))
    objective = np.zeros(2 * size)
    bounds = []
    for other in variables:
        cell = system.cell_of_var[other]
        if other == var:
            bounds.append((required, required))
        elif other in hidden_vars:
            bounds.append((0, None))
        elif cell in frozen:
            bounds.append((0, 0))
        else:
            bounds.append((0, None))
            objective[column[other]] = costs[cell]
    for other in variables:
        cell = system.cell_of_var[other]
        if other == var or (cell in frozen and other not in hidden_vars):
            bounds.append((0, 0))
        else:
            # a count or a measure never falls below zero, nor below what the reader knows of it
            bounds.append((0, system.values[other] - system.lower[other]))
            if other not in hidden_vars:
                objective[size + column[other]] = costs[cell]
    result = linprog(objective, A_eq=matrix, b_eq=np.zeros(len(equations)), bounds=bounds, method="highs")
    if result.status != 0:
        return set()
    moved = result.x[:size] + result.x[size:]
    return {
        system.cell_of_var[other]
        for other, index in column.items()
        if moved[index] > EPSILON and other not in hidden_vars
    }
