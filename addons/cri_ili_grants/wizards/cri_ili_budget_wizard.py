from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools.misc import format_date

AGENT = "cri_ili_grants.group_ili_agent"
# a decided grant's budget and amount change until it is closed
CHANGING_STATES = ("decided", "running", "clearing")


class CriIliBudgetWizard(models.TransientModel):
    """Re-allocate a decided grant's budget between its categories, change its granted amount
    (an amendment of the Region's decision) and re-plan its instalments still to pay: always
    with a reason, posted on the grant. The one way a grant's money rules change: every category
    of the budget is given its amount (they sum to the new granted amount) and every instalment
    still to pay is given its amount, date and releasing requirement (with the paid ones, they sum
    to the same granted amount)."""

    _name = "cri.ili.budget.wizard"
    _description = "Re-allocate an ILI Grant's Budget"

    application_id = fields.Many2one("cri.ili.application", string="Grant", required=True, readonly=True)
    currency_id = fields.Many2one(related="application_id.currency_id")
    line_ids = fields.One2many("cri.ili.budget.wizard.line", "wizard_id", string="Allocation")
    instalment_line_ids = fields.One2many(
        "cri.ili.budget.wizard.instalment", "wizard_id", string="Instalments to Pay"
    )
    granted_amount = fields.Monetary(
        string="Current Granted Amount", related="application_id.granted_amount", currency_field="currency_id"
    )
    new_granted_amount = fields.Monetary(currency_field="currency_id", compute="_compute_new_granted_amount")
    paid_amount = fields.Monetary(
        string="Already Paid", related="application_id.paid_amount", currency_field="currency_id"
    )
    planned_amount = fields.Monetary(
        string="Paid and to Pay",
        currency_field="currency_id",
        compute="_compute_planned_amount",
        help="The instalments paid and those still to pay, as planned here: they sum to the new "
        "granted amount.",
    )
    reason = fields.Text(
        required=True, help="Why the budget or the amount changes: kept in the grant's history."
    )

    @api.depends("line_ids.amount")
    def _compute_new_granted_amount(self):
        for wizard in self:
            wizard.new_granted_amount = wizard.currency_id.round(sum(wizard.line_ids.mapped("amount")))

    @api.depends("paid_amount", "instalment_line_ids.amount")
    def _compute_planned_amount(self):
        for wizard in self:
            wizard.planned_amount = wizard.currency_id.round(
                wizard.paid_amount + sum(wizard.instalment_line_ids.mapped("amount"))
            )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        application = self.env["cri.ili.application"].browse(values.get("application_id"))
        if application and "line_ids" in fields_list:
            values["line_ids"] = [
                Command.create({"budget_id": line.id, "amount": line.amount})
                for line in application.grant_budget_ids
            ]
        if application and "instalment_line_ids" in fields_list:
            values["instalment_line_ids"] = [
                Command.create(
                    {
                        "instalment_id": instalment.id,
                        "amount": instalment.amount,
                        "planned_date": instalment.planned_date,
                        "release_requirement_id": instalment.release_requirement_id.id,
                    }
                )
                for instalment in application._unpaid_instalments()
            ]
        return values

    @api.onchange("line_ids")
    def _onchange_line_ids(self):
        """The last instalment still to pay absorbs a change of the granted amount; the agent may
        spread it otherwise before confirming."""
        lines = self.instalment_line_ids
        if not lines:
            return
        difference = self.new_granted_amount - self.planned_amount
        if not self.currency_id.is_zero(difference):
            last = lines[-1]
            last.amount = self.currency_id.round(last.amount + difference)

    # ------------------------------------------------------------------ confirmation
    def action_confirm(self):
        self.ensure_one()
        application = self.application_id
        self._check_allowed(application)
        self._check_categories(application)
        self._check_instalments(application)
        changes = [(wl.budget_id, wl.amount) for wl in self.line_ids if wl.budget_id.amount != wl.amount]
        replanned = [line for line in self.instalment_line_ids if line._changes()]
        new_total = self.new_granted_amount
        amount_changes = application.currency_id.compare_amounts(new_total, application.granted_amount) != 0
        if not changes and not replanned:
            raise UserError(self.env._("Nothing changes: set the new amounts of the categories."))
        body = self._history(application, changes, replanned, new_total if amount_changes else None)
        vals = {}
        if amount_changes:
            vals["granted_amount"] = new_total
        if replanned:
            vals["instalment_ids"] = [
                Command.update(line.instalment_id.id, line._changes()) for line in replanned
            ]
        # all or nothing, even for a caller that goes on after a refusal
        with self.env.cr.savepoint():
            if vals:
                # the grant checks, once, that its instalments sum to its granted amount
                application._workflow_write(vals)
            for budget, amount in changes:
                budget._workflow_write({"amount": amount})
            application.message_post(body=body, subtype_xmlid="mail.mt_note")
        return {"type": "ir.actions.act_window_close"}

    def _check_allowed(self, application):
        if not self.env.user.has_group(AGENT):
            raise AccessError(self.env._("Only the CRI's ILI agents change a grant's budget."))
        application.check_access("write")
        if application.state not in CHANGING_STATES:
            raise UserError(
                self.env._(
                    "%(grant)s is not a grant in progress: its budget no longer changes.",
                    grant=application.name,
                )
            )
        if not (self.reason or "").strip():
            raise UserError(
                self.env._("Say why the budget changes: the reason is kept in the grant's history.")
            )

    def _check_categories(self, application):
        """Every category of the grant's budget once, none of another grant, none negative."""
        if self.line_ids.budget_id.application_id - application:
            raise AccessError(self.env._("These budget lines belong to another grant."))
        if sorted(line.budget_id.id for line in self.line_ids) != sorted(application.grant_budget_ids.ids):
            raise UserError(
                self.env._(
                    "The re-allocation of %(grant)s gives its amount to each category of the budget, once: "
                    "%(categories)s.",
                    grant=application.name,
                    categories=", ".join(
                        self._category_label(key) for key in application.grant_budget_ids.mapped("category")
                    ),
                )
            )
        if any(line.amount < 0 for line in self.line_ids):
            raise UserError(self.env._("An allocation cannot be negative."))

    def _check_instalments(self, application):
        """Every instalment still to pay once, released by a requirement of the grant, and with
        the paid ones they sum to the new granted amount."""
        lines = self.instalment_line_ids
        if lines.instalment_id.application_id - application:
            raise AccessError(self.env._("These instalments belong to another grant."))
        unpaid = application._unpaid_instalments()
        if sorted(line.instalment_id.id for line in lines) != sorted(unpaid.ids):
            raise UserError(
                self.env._(
                    "The re-allocation of %(grant)s plans each instalment still to pay, once (a paid "
                    "instalment no longer changes).",
                    grant=application.name,
                )
            )
        if any(line.amount < 0 for line in lines):
            raise UserError(self.env._("An instalment cannot be negative."))
        if any(line.release_requirement_id.application_id - application for line in lines):
            raise UserError(self.env._("An instalment is released by a requirement of its own grant only."))
        currency = application.currency_id
        if application.instalment_ids and currency.compare_amounts(
            self.planned_amount, self.new_granted_amount
        ):
            raise UserError(
                self.env._(
                    "The instalments of %(grant)s, paid (%(paid)s) and to pay, sum to %(total)s: they must "
                    "sum to the new granted amount, %(granted)s. Change the instalments still to pay.",
                    grant=application.name,
                    paid=currency.format(self.paid_amount),
                    total=currency.format(self.planned_amount),
                    granted=currency.format(self.new_granted_amount),
                )
            )

    def _category_label(self, key):
        return dict(self.env["cri.ili.grant.budget"]._fields["category"]._description_selection(self.env))[
            key
        ]

    def _history(self, application, changes, replanned, new_total):
        fmt = application.currency_id.format
        items = Markup("").join(
            Markup("<li>%s: %s → %s</li>")
            % (self._category_label(budget.category), fmt(budget.amount), fmt(amount))
            for budget, amount in changes
        )
        items += Markup("").join(line._history() for line in replanned)
        title = self.env._("Budget re-allocated")
        if new_total is not None:
            title = self.env._(
                "Granted amount changed from %(old)s to %(new)s",
                old=fmt(application.granted_amount),
                new=fmt(new_total),
            )
        return Markup("<p><b>%s</b></p><ul>%s</ul><p>%s %s</p>") % (
            title,
            items,
            self.env._("Reason:"),
            self.reason.strip(),
        )


class CriIliBudgetWizardLine(models.TransientModel):
    _name = "cri.ili.budget.wizard.line"
    _description = "Category of an ILI Grant's Budget Re-allocation"

    wizard_id = fields.Many2one("cri.ili.budget.wizard", required=True, ondelete="cascade")
    budget_id = fields.Many2one("cri.ili.grant.budget", required=True, readonly=True)
    category = fields.Selection(related="budget_id.category")
    currency_id = fields.Many2one(related="budget_id.currency_id")
    current_amount = fields.Monetary(related="budget_id.amount", string="Allocated Now")
    accepted_amount = fields.Monetary(related="budget_id.accepted_amount")
    amount = fields.Monetary(string="New Allocation", currency_field="currency_id")


class CriIliBudgetWizardInstalment(models.TransientModel):
    _name = "cri.ili.budget.wizard.instalment"
    _description = "Instalment to Pay of an ILI Grant's Budget Re-allocation"

    wizard_id = fields.Many2one("cri.ili.budget.wizard", required=True, ondelete="cascade")
    application_id = fields.Many2one(related="wizard_id.application_id")
    instalment_id = fields.Many2one("cri.ili.instalment", required=True, readonly=True)
    currency_id = fields.Many2one(related="instalment_id.currency_id")
    current_amount = fields.Monetary(related="instalment_id.amount", string="Planned Now")
    amount = fields.Monetary(string="New Amount", currency_field="currency_id")
    planned_date = fields.Date(required=True)
    release_requirement_id = fields.Many2one(
        "cri.ili.requirement",
        string="Released By",
        domain="[('application_id', '=', application_id)]",
        help="The requirement that must be accepted before this instalment is paid; none for an advance.",
    )

    def _changes(self):
        """What this line changes on its instalment."""
        self.ensure_one()
        instalment = self.instalment_id
        vals = {}
        if instalment.currency_id.compare_amounts(self.amount, instalment.amount):
            vals["amount"] = self.amount
        if self.planned_date != instalment.planned_date:
            vals["planned_date"] = self.planned_date
        if self.release_requirement_id != instalment.release_requirement_id:
            vals["release_requirement_id"] = self.release_requirement_id.id
        return vals

    def _history(self):
        instalment = self.instalment_id
        fmt = instalment.currency_id.format
        changed, changes = self._changes(), []
        if "amount" in changed:
            changes.append(f"{fmt(instalment.amount)} → {fmt(self.amount)}")
        if "planned_date" in changed:
            changes.append(self.env._("planned on %(date)s", date=format_date(self.env, self.planned_date)))
        if "release_requirement_id" in changed:
            changes.append(
                self.env._(
                    "released by “%(requirement)s”",
                    requirement=self.release_requirement_id.name or self.env._("nothing (an advance)"),
                )
            )
        return Markup("<li>%s: %s</li>") % (instalment.name, "; ".join(changes))
