"""The summary statement ("décompte récapitulatif") of a grant: what was allocated, declared,
accepted and paid, as a PDF letter of the CRI and as a workbook for its accountant.

Both reports read the same figures (``report.cri_ili_grants.report_statement._statements``):
a fixed number of queries whatever the number of expense lines, with the printing user's rights.
Both are ``cri.report.mixin`` reports: whoever asks and however (menu, URL, options), the server
prints the grants of the ids only, for the staff of their CRI, once they are granted.
"""

from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools.misc import format_date, formatLang

from odoo.addons.cri_base.tools import legal_today

from ..models.cri_ili_budget_line import BUDGET_CATEGORIES

# a statement exists once the Region has granted the money
STATEMENT_STATES = ("decided", "running", "clearing", "closed")
# the CRI's staff who follow the grants; the Region observer reads totals but no expense
PRINTING_GROUPS = ("cri_ili_grants.group_ili_agent", "cri_base.group_accountant")
ACCOUNTANT = "cri_base.group_accountant"
CATEGORY_ORDER = {key: index for index, (key, _label) in enumerate(BUDGET_CATEGORIES)}
BUDGET_AMOUNTS = (
    "requested_amount",
    "amount",
    "declared_amount",
    "to_review_amount",
    "accepted_amount",
    "rejected_amount",
    "remaining_amount",
)
EXPENSE_FIELDS = [
    "application_id",
    "date",
    "supplier",
    "invoice_number",
    "description",
    "category",
    "amount",
    "review_state",
    "accepted_amount",
    "rejection_reason",
]
INSTALMENT_FIELDS = ["application_id", "name", "amount", "planned_date", "state", "payment_date"]


class ReportCriIliStatement(models.AbstractModel):
    """The figures of the summary statements of grants, and the values of their PDF."""

    _name = "report.cri_ili_grants.report_statement"
    _inherit = "cri.report.mixin"
    _description = "ILI Grant Summary Statement"
    _cri_report_model = "cri.ili.application"
    # the CRI's staff who follow the grants; the Region observer reads totals but no expense
    _cri_report_groups = PRINTING_GROUPS

    @api.model
    def _cri_printing_refusal(self):
        return self.env._(
            "The summary statement lists the expenses of a grant: only the staff of its CRI "
            "(ILI agents, accountants, managers) print it."
        )

    @api.model
    def _cri_check_qualifies(self, docs):
        """A statement exists once the Region has granted the money."""
        states = dict(docs._fields["state"]._description_selection(self.env))
        for grant in docs:
            if grant.state not in STATEMENT_STATES:
                raise UserError(
                    self.env._(
                        "Application %(application)s is “%(state)s”: its summary statement exists once "
                        "the Region has granted it.",
                        application=grant.name,
                        state=states[grant.state],
                    )
                )

    @api.model
    def _cri_report_values(self, docs):
        return {"statements": self._statements(docs)}

    @api.model
    def _statements(self, grants):
        """One dictionary a grant with everything its statement shows, in the language of its
        CRI. Each model is read once for all the grants: no query a line. ``grants`` are
        checked already (``cri.report.mixin``)."""
        if not grants:
            return []
        budgets = self._by_grant(
            self.env["cri.ili.grant.budget"].search_fetch(
                [("application_id", "in", grants.ids)], ["application_id", "category", *BUDGET_AMOUNTS]
            )
        )
        expenses = self._by_grant(
            self.env["cri.ili.expense"].search_fetch([("application_id", "in", grants.ids)], EXPENSE_FIELDS)
        )
        instalments = self._by_grant(
            self.env["cri.ili.instalment"].search_fetch(
                [("application_id", "in", grants.ids)], INSTALMENT_FIELDS, order="planned_date, id"
            )
        )
        languages = self._languages(grants)
        return [
            self._statement(
                grant,
                languages[grant.id],
                budgets.get(grant.id, []),
                expenses.get(grant.id, []),
                instalments.get(grant.id, []),
            )
            for grant in grants
        ]

    @api.model
    def _by_grant(self, records):
        grouped = {}
        for record in records:
            grouped.setdefault(record.application_id.id, []).append(record)
        return grouped

    @api.model
    def _languages(self, grants):
        """The language of each grant's CRI (the CRIs work in French), else the printing user's.
        Only the language is read: a full read of the companies and their partners would cost
        more than the statement's lines."""
        companies = grants.company_id
        companies.fetch(["partner_id"])
        companies.partner_id.fetch(["lang"])
        languages = {}
        for grant in grants:
            code = grant.company_id.partner_id.lang
            languages[grant.id] = (code and self.env["res.lang"]._get_code(code)) or self.env.lang or "en_US"
        return languages

    @api.model
    def _statement(self, grant, lang, budgets, expenses, instalments):
        env = self.with_context(lang=lang).env
        currency = grant.currency_id
        round_ = currency.round
        categories = self._categories(env, budgets)
        groups = self._expense_groups(env, expenses, round_)
        statement = {
            "grant": grant,
            "lang": lang,
            "currency": currency,
            "center": grant.center_id,
            "company": grant.company_id,
            "state": dict(grant._fields["state"]._description_selection(env))[grant.state],
            "date": legal_today(),
            "categories": categories,
            "total": self._total(categories, round_),
            "groups": groups,
            "line_count": len(expenses),
            "declared": round_(sum(group["declared"] for group in groups)),
            "accepted": round_(sum(group["accepted"] for group in groups)),
            "rejected": round_(sum(group["rejected"] for group in groups)),
            "accountant": self.env.user.name if self.env.user.has_group(ACCOUNTANT) else False,
            "money": lambda value: formatLang(env, value, currency_obj=currency),
            "number": lambda value: formatLang(env, value),
            "format_date": lambda value: format_date(env, value, lang_code=lang) if value else "",
        }
        statement.update(self._payments(env, grant, instalments, round_))
        return statement

    @api.model
    def _payments(self, env, grant, instalments, round_):
        """The instalments and the balance: the accepted expenses, up to the granted amount,
        against what was paid. Positive, it is still to pay to the beneficiary; negative, it was
        paid beyond the accepted expenses (to recover if the clearing confirms it)."""
        states = dict(env["cri.ili.instalment"]._fields["state"]._description_selection(env))
        paid = round_(sum(line.amount for line in instalments if line.state == "paid"))
        eligible = min(grant.accepted_amount, grant.granted_amount)
        balance = round_(eligible - paid)
        return {
            "instalments": [
                {
                    "name": line.name,
                    "amount": line.amount,
                    "planned_date": line.planned_date,
                    "state": states[line.state],
                    "payment_date": line.payment_date,
                }
                for line in instalments
            ],
            "planned": round_(sum(line.amount for line in instalments) - paid),
            "paid": paid,
            "eligible": eligible,
            "balance": balance,
            "balance_amount": abs(balance),
        }

    @api.model
    def _categories(self, env, budgets):
        labels = dict(env["cri.ili.grant.budget"]._fields["category"]._description_selection(env))
        rows = []
        for budget in sorted(
            budgets, key=lambda line: CATEGORY_ORDER.get(line.category, len(CATEGORY_ORDER))
        ):
            row = {name: budget[name] for name in BUDGET_AMOUNTS}
            row.update(
                category=budget.category,
                label=labels[budget.category],
                consumption_rate=budget.consumption_rate,
                overspent=budget.overspent,
            )
            rows.append(row)
        return rows

    @api.model
    def _total(self, categories, round_):
        total = {name: round_(sum(row[name] for row in categories)) for name in BUDGET_AMOUNTS}
        total["consumption_rate"] = (
            round(100.0 * total["accepted_amount"] / total["amount"], 2) if total["amount"] else 0.0
        )
        total["overspent"] = any(row["overspent"] for row in categories)
        return total

    @api.model
    def _expense_groups(self, env, expenses, round_):
        """The lines by category (in the budget's order), then by date, with their subtotals.
        An expense still to review has no accepted amount yet."""
        Expense = env["cri.ili.expense"]
        categories = dict(Expense._fields["category"]._description_selection(env))
        reviews = dict(Expense._fields["review_state"]._description_selection(env))
        groups = {}
        ordered = sorted(
            expenses, key=lambda e: (CATEGORY_ORDER.get(e.category, len(CATEGORY_ORDER)), e.date, e.id)
        )
        for expense in ordered:
            reviewed = expense.review_state != "to_review"
            group = groups.setdefault(
                expense.category,
                {
                    "category": expense.category,
                    "label": categories[expense.category],
                    "lines": [],
                    "declared": 0.0,
                    "accepted": 0.0,
                    "rejected": 0.0,
                },
            )
            group["lines"].append(
                {
                    "date": expense.date,
                    "supplier": expense.supplier,
                    "invoice_number": expense.invoice_number,
                    "description": expense.description,
                    "category": group["label"],
                    "amount": expense.amount,
                    "review_state": expense.review_state,
                    "review": reviews[expense.review_state],
                    "accepted_amount": expense.accepted_amount if reviewed else None,
                    "rejection_reason": expense.rejection_reason or "",
                }
            )
            group["declared"] += expense.amount
            if reviewed:
                group["accepted"] += expense.accepted_amount
                group["rejected"] += expense.amount - expense.accepted_amount
        for group in groups.values():
            for name in ("declared", "accepted", "rejected"):
                group[name] = round_(group[name])
        return list(groups.values())
