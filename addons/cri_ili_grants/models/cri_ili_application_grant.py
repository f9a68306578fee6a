from odoo import Command, api, fields, models

from odoo.addons.cri_base.tools import legal_today

from .cri_ili_budget_line import BUDGET_CATEGORIES
from .cri_ili_instalment import PAID


class CriIliApplicationGrant(models.Model):
    """The follow-up of a decided grant: its budget by category, its plan of instalments and
    requirements, the amendments of its amount, its indicators and visits."""

    _inherit = "cri.ili.application"

    visit_ids = fields.One2many(
        "cri.ili.visit", "application_id", string="Follow-up Visits", groups="cri_ili_grants.group_ili_agent"
    )
    visit_count = fields.Integer(compute="_compute_visit_count", groups="cri_ili_grants.group_ili_agent")
    indicator_ids = fields.One2many("cri.ili.indicator", "application_id", string="Indicators")
    grant_budget_ids = fields.One2many("cri.ili.grant.budget", "application_id", string="Budget by Category")
    has_overspending = fields.Boolean(
        string="Overspending",
        compute="_compute_has_overspending",
        store=True,
        help="In at least one category, the expenses declared exceed the allocation.",
    )
    paid_amount = fields.Monetary(
        string="Paid",
        currency_field="currency_id",
        compute="_compute_paid_amount",
        store=True,
        help="Instalments paid so far.",
    )

    def _compute_visit_count(self):
        counts = dict(
            self.env["cri.ili.visit"]._read_group(
                [("application_id", "in", self.ids)], ["application_id"], ["__count"]
            )
        )
        for application in self:
            application.visit_count = counts.get(application, 0)

    def action_open_visits(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Follow-up"),
            "res_model": "cri.ili.visit",
            "view_mode": "list,form,calendar",
            "domain": [("application_id", "=", self.id)],
            "context": {"default_application_id": self.id},
        }

    @api.depends("instalment_ids.state", "instalment_ids.amount")
    def _compute_paid_amount(self):
        for application in self:
            paid = application.instalment_ids.filtered(lambda line: line.state == PAID)
            application.paid_amount = sum(paid.mapped("amount"))

    @api.depends("grant_budget_ids.overspent")
    def _compute_has_overspending(self):
        for application in self:
            application.has_overspending = any(application.grant_budget_ids.mapped("overspent"))

    def _create_grant_budget(self):
        """The granted amount allocated to the four categories in the proportions of the requested
        budget, to the cent; the last category requested takes the rest."""
        self.ensure_one()
        requested = {key: 0.0 for key, _label in BUDGET_CATEGORIES}
        for line in self.budget_line_ids:
            requested[line.category] += line.amount
        asked = [key for key, amount in requested.items() if amount > 0]
        total, allocated, vals = sum(requested.values()), 0.0, []
        for key in requested:
            amount = 0.0
            if key in asked:
                share = self.currency_id.round(self.granted_amount * requested[key] / total)
                amount = self.granted_amount - allocated if key == asked[-1] else share
                allocated += amount
            vals.append(
                {
                    "application_id": self.id,
                    "category": key,
                    "requested_amount": requested[key],
                    "amount": self.currency_id.round(amount),
                }
            )
        self.env["cri.ili.grant.budget"]._workflow_create(vals)

    def _unpaid_instalments(self):
        """The instalments still to pay, in their order."""
        self.ensure_one()
        return self.instalment_ids.filtered(lambda line: line.state != PAID).sorted(
            lambda line: (line.planned_date, line.id)
        )

    def action_open_budget_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Re-allocate the budget"),
            "res_model": "cri.ili.budget.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_application_id": self.id},
        }

    def _create_grant_plan(self):
        """The requirements and instalments of the call for this grant: the shares of the plan
        rounded to the cent, the last one taking the rest, so that they sum to the granted amount.
        The only way an instalment is created: unpaid, through the grant (which checks the sum
        once all are written)."""
        self.ensure_one()
        call = self.call_id
        call._check_instalment_plan()
        templates = call.requirement_template_ids
        created = self.env["cri.ili.requirement"]._workflow_create(
            [
                {"application_id": self.id, "name": template.name, "due_date": template.due_date}
                for template in templates
            ]
        )
        requirements = dict(zip(templates, created, strict=True))
        templates = call.instalment_template_ids or self.env["cri.ili.call.instalment"]
        vals, paid_out = [], 0.0
        for index, template in enumerate(templates):
            last = index == len(templates) - 1
            amount = (
                self.granted_amount - paid_out
                if last
                else self.currency_id.round(self.granted_amount * template.percent / 100)
            )
            paid_out += amount
            requirement = requirements.get(template.release_requirement_id)
            vals.append(
                {
                    "name": template.name,
                    "amount": amount,
                    "planned_date": template.planned_date,
                    "release_requirement_id": requirement.id if requirement else False,
                }
            )
        if not vals:
            # a call without plan pays the grant at once
            vals.append(
                {
                    "name": self.env._("Grant"),
                    "amount": self.granted_amount,
                    "planned_date": legal_today(),
                }
            )
        self._workflow_write({"instalment_ids": [Command.create(line) for line in vals]})

    def _create_indicators(self):
        """The evaluation indicators of a grant, their targets taken from the application."""
        self.ensure_one()
        if self.indicator_ids:
            return
        targets = [
            ("participants", self.expected_participants),
            ("hours", self.expected_hours),
            ("completions", 0.0),
        ]
        self.env["cri.ili.indicator"].sudo().create(
            [
                {"application_id": self.id, "sequence": index, "kind": kind, "target": target}
                for index, (kind, target) in enumerate(targets)
            ]
        )
