from odoo import api, models
from odoo.exceptions import UserError

from ..tools import linked
from ..tools.suppression import TOTAL

PROTECTION_LEVEL_PARAMETER = "cri_reporting.protection_level"
PROTECTION_RATIO_PARAMETER = "cri_reporting.protection_ratio"
# the hours (and other measures) of a protected cell: an interval at least this share of the
# cell's value wide, and never less than one unit (an hour)
PROTECTION_RATIO_DEFAULT = 10
MEASURE_MINIMUM = 1
# measures are audited in hundredths: sums of hours kept with two decimals add up exactly
MEASURE_SCALE = 100


class CriReportingPublication(models.AbstractModel):
    """The tables published together (a month's tables of every CRI and of the Region, or the
    tables of a correction) protected together: one cell shown in several tables is one
    unknown, and complements are hidden until no small count can be narrowed down by an
    attacker who reads every one of them (``tools.linked``)."""

    _name = "cri.reporting.publication"
    _description = "Statistics Published Together"

    @api.model
    def _protection_level(self, k):
        """The smallest width of the interval an attacker may find for a hidden small count, in
        people (system parameter, default k - 1: as wide as the small counts themselves, from 0
        to k - 1, so that the attacker cannot even tell an empty cell from a small one)."""
        return self._positive_parameter(PROTECTION_LEVEL_PARAMETER, k - 1)

    @api.model
    def _protection_ratio(self):
        """The smallest width of the interval of a protected cell's hours, in percent of them."""
        return self._positive_parameter(PROTECTION_RATIO_PARAMETER, PROTECTION_RATIO_DEFAULT)

    @api.model
    def _positive_parameter(self, name, default):
        raw = self.env["ir.config_parameter"].sudo().get_param(name, str(default))
        try:
            value = float(raw)
        except ValueError:
            value = 0
        if value <= 0:
            raise UserError(
                self.env._(
                    "The system parameter %(parameter)s must be a positive number, not “%(value)s”.",
                    parameter=name,
                    value=raw,
                )
            )
        return value

    @api.model
    def _cell_key(self, spec, scope, company, row, col):
        """What a cell counts, whatever the table that shows it: the records of a model (and
        domain) with these values. A CRI's table is about its company; a Region table's rows
        are the CRIs; a margin drops the axis it sums."""
        constraints = set()
        if scope == "cri":
            constraints.add(("company_id", str(company.id)))
        if row != TOTAL:
            constraints.add((spec.row, row))
        if col != TOTAL:
            constraints.add((spec.col, col))
        return (spec.model, spec.domain, frozenset(constraints))

    @api.model
    def _protect_together(self, published, k):
        """Hide, in the suppressed tables of ``published``, the complements that the tables need
        together, and return the :class:`tools.linked.Protection` with the cells of each table.

        :param published: [(scope, company, cells, suppressed table, [counts published before],
            {key: value published last month})] of the tables leaving the CRIs together (last
            month's published values are floors a reader may assume for year-to-date figures); each suppressed table (its own small counts, the
            stability rules, its own complements) gets the linked complements added to ``hidden``
        :param k: the threshold of small counts
        """
        level = self._protection_level(k)
        ratio = self._protection_ratio() / 100
        system = linked.LinkedTables()
        hidden, requirements, placed, people, rank = set(), {}, [], {}, {}
        for scope, company, cells, table, previous, floors in published:
            spec = cells.spec
            if not spec.people:
                continue
            # what the table publishes: its counts of people, or its measure (hours), whose
            # counts decide what is small
            quantity = spec.measure or "count"
            scale = MEASURE_SCALE if spec.measure else 1
            grid = {}
            for row in [*table.rows, TOTAL]:
                for col in [*table.cols, TOTAL]:
                    value = round(table.values[row, col] * scale)
                    cell = system.cell(self._cell_key(spec, scope, company, row, col), {quantity: value})
                    grid[row, col] = cell
                    if (row, col) in floors:
                        system.floor(cell, quantity, round(floors[row, col] * scale))
                    people[cell] = table.counts[row, col]
                    # an inner cell, a margin, a grand total: the higher, the more it summarises
                    rank[cell] = max(rank.get(cell, 1), 2 ** ((row == TOTAL) + (col == TOTAL)))
            self._lines(system, grid, table.rows, table.cols, quantity)
            hidden |= {grid[key] for key in table.hidden}
            for (row, col), cell in grid.items():
                count = table.counts[row, col]
                changed = any(0 < abs(count - before.get((row, col), count)) < k for before in previous)
                if 0 < count < k or changed:
                    var = system.quantities[cell][quantity]
                    if spec.measure:
                        requirements[var] = max(ratio * system.values[var], MEASURE_MINIMUM * MEASURE_SCALE)
                    else:
                        requirements[var] = level
            placed.append((table, grid))
        # the information lost: a cell's people (an empty cell costs a little more than a small
        # one: a hidden zero tells readers nothing but looks like a secret), more for a margin,
        # more for a cell shown in several tables
        costs = {
            cell: (people[cell] + 1 if people[cell] else 3) * rank[cell] * system.appearances[cell]
            for cell in range(len(system.keys))
        }
        protection = linked.protect(system, hidden, requirements, costs)
        # a cell hidden in one table is hidden in every table that shows it
        for table, grid in placed:
            table.hidden |= {key for key, cell in grid.items() if cell in protection.hidden}
        return protection, system, placed

    @api.model
    def _lines(self, system, grid, rows, cols, quantity):
        """The equations of a table: each row, each column and the totals column sum up."""
        for row in rows:
            system.line([grid[row, col] for col in cols], grid[row, TOTAL], quantity)
        for col in cols:
            system.line([grid[row, col] for row in rows], grid[TOTAL, col], quantity)
        system.line([grid[row, TOTAL] for row in rows], grid[TOTAL, TOTAL], quantity)

    @api.model
    def _audit_summary(self, protection, grids):
        """The audit's figures for the snapshot whose tables are ``grids``: the protected cells of
        its tables, the narrowest interval found (relative to its requirement) and whether all
        hold."""
        cells = {cell for grid in grids for cell in grid.values()}
        verdicts = [verdict for verdict in protection.verdicts if verdict.cell in cells]
        # an interval the attacker cannot bound counts as a thousand times its requirement
        ratios = [min(verdict.width / verdict.required, 1000.0) for verdict in verdicts if verdict.required]
        added = {cell for cell in protection.added if cell in cells}
        return {
            "audit_protected": len(verdicts),
            "audit_added": len(added),
            "audit_narrowest": min(ratios, default=0.0) if verdicts else 0.0,
            "audit_passed": all(verdict.protected for verdict in verdicts),
            "audit_seconds": round(protection.seconds, 3),
        }
