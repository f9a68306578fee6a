"""Instalments as the accountants work them: planned, then to pay once their condition holds
(the grant runs, the planned date is reached in Brussels, the releasing requirement is accepted),
found by the daily check or at once when the requirement is accepted; paid by an accountant at
the date the Region notified (never in the future, never before its decision), with a warning
and a note in the grant's history when the grant is then paid beyond its accepted expenses; and
the accountants' list of what is to pay across grants."""

from datetime import date, datetime

from freezegun import freeze_time
from lxml import etree

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger
from odoo.tools.safe_eval import safe_eval

from .common import INVOICE, IliCase


@tagged("post_install", "-at_install")
class TestInstalmentsToPay(IliCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan_advance_and_balance("Final report", date(2027, 5, 1), date(2027, 6, 1))
        # decided on 10 January 2027, started before its advance's date
        cls.grant = cls.to_decided(cls.make_application(), amount=10000)
        with freeze_time("2027-01-15"):
            cls.grant.with_user(cls.agent).action_start()
        cls.advance, cls.balance = cls.grant.instalment_ids.sorted("planned_date")
        cls.report = cls.grant.requirement_ids

    def check(self, day):
        """The daily check, run on ``day`` (UTC), as the scheduler runs it."""
        with freeze_time(day):
            return self.env["cri.ili.instalment"]._cron_mark_due()

    def states(self):
        return (self.advance.state, self.balance.state)

    def accept_report(self, day):
        with freeze_time(day):
            self.report.with_user(self.agent).action_receive()
            self.report.with_user(self.agent).action_accept()

    def declare(self, amount, number, document=INVOICE):
        return (
            self.env["cri.ili.expense"]
            .with_user(self.portal_a)
            .create(
                {
                    "application_id": self.grant.id,
                    "date": date(2027, 3, 1),
                    "supplier": "Fournisseur Test",
                    "invoice_number": number,
                    "description": "Trainer",
                    "category": "personnel",
                    "amount": amount,
                    "document": document,
                    "document_name": f"{number}.pdf" if document else False,
                }
            )
        )

    def wizard(self, instalment, user=None, **vals):
        return (
            self.env["cri.ili.instalment.pay.wizard"]
            .with_user(user or self.accountant)
            .with_context(default_instalment_id=instalment.id)
            .create(vals)
        )

    # ------------------------------------------------------------------ to pay
    def test_the_daily_check_makes_an_instalment_to_pay_on_its_date_in_brussels(self):
        cron = self.env.ref("cri_ili_grants.ir_cron_mark_instalments_due")
        self.assertEqual((cron.model_id.model, cron.code), ("cri.ili.instalment", "model._cron_mark_due()"))
        self.assertEqual(self.states(), ("planned", "planned"), "nothing is to pay before its date")
        # 22:30 UTC is 23:30 in Brussels, still the 31st
        self.assertFalse(self.check("2027-01-31 22:30:00") & self.grant.instalment_ids)
        self.assertEqual(self.states(), ("planned", "planned"))
        # 23:30 UTC is 00:30 on 1 February in Brussels
        self.assertEqual(self.check("2027-01-31 23:30:00") & self.grant.instalment_ids, self.advance)
        self.assertEqual(self.states(), ("due", "planned"), "the balance waits for its report")
        self.check("2027-06-02")
        self.assertEqual(self.balance.state, "planned", "its date is past, its report is not accepted")

    def test_nothing_is_to_pay_on_a_grant_that_does_not_pay(self):
        self.grant._workflow_write({"state": "closed"})
        self.check("2027-02-03")
        self.assertEqual(self.states(), ("planned", "planned"))

    def test_the_acceptance_of_the_releasing_requirement_makes_it_to_pay_at_once(self):
        self.check("2027-06-02")
        self.assertEqual(self.balance.state, "planned")
        self.accept_report("2027-06-02")
        self.assertEqual(self.balance.state, "due", "without waiting for the daily check")

    def test_a_requirement_accepted_before_the_date_waits_for_the_date(self):
        self.accept_report("2027-05-02")
        self.assertEqual(self.balance.state, "planned")
        self.check("2027-05-31 21:59:00")  # 23:59 in Brussels (summer time)
        self.assertEqual(self.balance.state, "planned")
        self.check("2027-05-31 22:00:00")  # midnight in Brussels
        self.assertEqual(self.balance.state, "due")

    def test_a_replanned_instalment_follows_its_new_date(self):
        self.check("2027-02-03")
        with freeze_time("2027-02-03"):
            # as "Re-allocate the Budget" writes it
            self.grant._workflow_write(
                {"instalment_ids": [Command.update(self.advance.id, {"planned_date": date(2027, 3, 1)})]}
            )
            self.assertEqual(self.advance.state, "planned", "no longer to pay")
            self.grant._workflow_write(
                {"instalment_ids": [Command.update(self.advance.id, {"planned_date": date(2027, 2, 2)})]}
            )
            self.assertEqual(self.advance.state, "due")

    def test_the_state_changes_through_the_workflow_only(self):
        for vals in ({"state": "due"}, {"state": "paid"}, {"payment_date": "2027-02-01"}):
            for user in (self.agent, self.manager):
                with self.subTest(vals=vals, user=user.login), self.assertRaises(UserError):
                    self.advance.with_user(user).write(vals)
        self.assertEqual(self.advance.state, "planned")

    # ------------------------------------------------------------------ paid
    def test_an_instalment_not_to_pay_yet_is_refused_in_french(self):
        self.check("2027-01-20")
        accountant = self.advance.with_user(self.accountant).with_context(lang="fr_BE")
        with freeze_time("2027-01-20"):
            with self.assertRaisesRegex(UserError, "pas encore à payer.*01/02/2027"):
                accountant.action_pay()
            with self.assertRaisesRegex(UserError, "pas encore à payer"):
                accountant.action_open_pay_wizard()
        self.assertEqual((self.advance.state, self.advance.payment_date), ("planned", False))

    def test_the_payment_date_is_never_in_the_future_nor_before_the_decision(self):
        self.check("2027-02-03")
        accountant = self.advance.with_user(self.accountant).with_context(lang="fr_BE")
        with freeze_time("2027-02-03 12:00:00"):
            with self.assertRaisesRegex(UserError, "04/02/2027 est dans le futur"):
                accountant.action_pay(date(2027, 2, 4))
            with self.assertRaisesRegex(UserError, "antérieure à la décision de la Région.*10/01/2027"):
                accountant.action_pay("2027-01-09")
            self.assertEqual(self.advance.state, "due")
            # the day of the decision is a possible payment date
            accountant.action_pay("2027-01-10")
        self.assertEqual((self.advance.state, self.advance.payment_date), ("paid", date(2027, 1, 10)))

    def test_the_wizard_asks_the_date_as_notified_and_the_server_checks_it_again(self):
        # records created in this transaction are tracked from its (simulated) commit on
        self.env.cr.precommit.run()
        self.check("2027-02-03")
        with freeze_time("2027-02-03 23:30:00"):  # 00:30 on the 4th in Brussels
            wizard = self.wizard(self.advance)
            self.assertEqual(wizard.payment_date, date(2027, 2, 4), "today in Brussels by default")
            wizard.payment_date = date(2027, 2, 5)
            with self.assertRaisesRegex(UserError, "future"):
                wizard.action_confirm()
            self.assertEqual(self.advance.state, "due")
            wizard.payment_date = date(2027, 2, 2)
            wizard.action_confirm()
        self.assertEqual((self.advance.state, self.advance.payment_date), ("paid", date(2027, 2, 2)))
        # the tracking is written when the transaction commits
        self.env.cr.precommit.run()
        tracked = self.env["mail.tracking.value"].search(
            [
                ("field_id.name", "=", "payment_date"),
                ("mail_message_id.model", "=", "cri.ili.instalment"),
                ("mail_message_id.res_id", "=", self.advance.id),
            ]
        )
        self.assertEqual(tracked.mapped("new_value_datetime"), [datetime(2027, 2, 2)])

    @mute_logger("odoo.models", "odoo.addons.base.models.ir_model")
    def test_only_an_accountant_pays_whatever_the_way(self):
        self.check("2027-02-03")
        with freeze_time("2027-02-03"):
            for user in (self.agent, self.manager, self.observer, self.region_admin, self.portal_a):
                with self.subTest(user=user.login):
                    with self.assertRaises(AccessError):
                        self.advance.with_user(user).action_pay()
                    with self.assertRaises(AccessError):
                        self.wizard(self.advance, user=user)
        self.assertEqual(self.advance.state, "due")

    def test_the_wizard_warns_and_the_grant_notes_a_payment_beyond_the_accepted_expenses(self):
        expense = self.declare(7000, "F-1")
        expense.with_user(self.accountant).action_accept()
        self.check("2027-02-03")
        with freeze_time("2027-02-03"):
            wizard = self.wizard(self.advance)
            self.assertEqual(
                (wizard.paid_after, wizard.accepted_amount, wizard.overpaid), (6000, 7000, False)
            )
            wizard.action_confirm()
        notes = self.grant.message_ids.filtered(lambda message: "exceed" in str(message.body))
        self.assertFalse(notes, "within the accepted expenses: nothing to note")
        self.accept_report("2027-06-02")
        with freeze_time("2027-06-02"):
            wizard = self.wizard(self.balance)
            # a warning, not a refusal: 10,000 paid for 7,000 accepted
            self.assertEqual(
                (wizard.paid_after, wizard.accepted_amount, wizard.overpaid), (10000, 7000, True)
            )
            arch = etree.fromstring(wizard.get_views([(False, "form")])["views"]["form"]["arch"])
            for name in ("paid_after", "accepted_amount"):
                self.assertEqual(arch.xpath(f"//field[@name='{name}']/@widget"), ["monetary"])
            wizard.with_context(lang="fr_BE").action_confirm()
        self.assertEqual(self.balance.state, "paid")
        [note] = self.grant.message_ids.filtered(lambda message: "dépassent" in str(message.body))
        self.assertIn("Balance", note.body)
        self.assertIn("(10&nbsp;000,00&nbsp;€)", note.body)
        self.assertIn("(7&nbsp;000,00&nbsp;€)", note.body)
        self.assertEqual(note.author_id, self.accountant.partner_id)
        self.assertEqual(note.subtype_id, self.env.ref("mail.mt_note"))

    # ------------------------------------------------------------------ where the accountant finds them
    def test_the_pay_button_is_offered_on_an_instalment_to_pay_only(self):
        for model, xpath in (
            (
                "cri.ili.application",
                "//field[@name='instalment_ids']//button[@name='action_open_pay_wizard']",
            ),
            ("cri.ili.instalment", "//header/button[@name='action_open_pay_wizard']"),
        ):
            for user, shown in ((self.accountant, 1), (self.agent, 0), (self.manager, 0)):
                with self.subTest(model=model, user=user.login):
                    arch = (
                        self.env[model].with_user(user).get_views([(False, "form")])["views"]["form"]["arch"]
                    )
                    buttons = etree.fromstring(arch).xpath(xpath)
                    self.assertEqual(len(buttons), shown)
                    if buttons:
                        self.assertEqual(buttons[0].get("invisible"), "state != 'due'")

    def test_the_accountants_list_of_instalments_to_pay_across_grants(self):
        action = self.env.ref("cri_ili_grants.action_cri_ili_instalment_due")
        self.assertEqual(action.res_model, "cri.ili.instalment")
        self.assertEqual(safe_eval(action.context), {"search_default_due": 1})
        menu = self.env.ref("cri_ili_grants.menu_cri_ili_instalment_due")
        self.assertEqual(menu.action, action)
        self.assertIn(menu.id, self.env["ir.ui.menu"].with_user(self.accountant)._visible_menu_ids())
        self.assertNotIn(menu.id, self.env["ir.ui.menu"].with_user(self.agent)._visible_menu_ids())
        # a grant of the other CRI, its advance to pay too
        other = self.make_application(partner=self.org_b, commune=self.namur)
        other.action_submit()
        other.write({"opinion": "favourable", "opinion_motivation": "Useful in Namur"})
        other.action_sign_opinion()
        other.write(
            {"granted_amount": 1000, "decision_reference": "AG/CAI/1", "decision_date": date(2027, 1, 10)}
        )
        other.action_decide()
        with freeze_time("2027-01-15"):
            other.action_start()
        self.check("2027-02-03")
        Instalment = self.env["cri.ili.instalment"].with_user(self.accountant)
        search = etree.fromstring(Instalment.get_views([(False, "search")])["views"]["search"]["arch"])
        filters = {node.get("name"): node for node in search.xpath("//filter")}

        def found(name):
            with freeze_time("2027-02-03"):
                return Instalment.search(safe_eval(filters[name].get("domain"))) & self.grant.instalment_ids

        self.assertEqual(found("due"), self.advance)
        self.assertEqual(found("planned"), self.balance)
        self.assertFalse(found("paid"))
        self.assertEqual(found("late"), self.advance, "to pay since 1 February")
        with freeze_time("2027-02-01"):
            self.assertFalse(Instalment.search([("late", "=", True)]) & self.advance, "not late on its date")
        self.assertEqual(
            {
                name: safe_eval(filters[name].get("context"))["group_by"]
                for name in filters
                if filters[name].get("context")
            },
            {
                "group_grant": "application_id",
                "group_company": "company_id",
                "group_month": "planned_date:month",
            },
        )
        # the accountant's CRI only
        self.assertFalse(Instalment.search([("application_id", "=", other.id)]))
        self.assertTrue(other.instalment_ids.filtered(lambda line: line.state == "due"))
        columns = etree.fromstring(Instalment.get_views([(False, "list")])["views"]["list"]["arch"])
        names = [node.get("name") for node in columns.xpath("/list/field")]
        for name in ("application_id", "partner_id", "amount", "planned_date", "release_requirement_id"):
            self.assertIn(name, names)
        self.assertEqual(self.advance.partner_id, self.org_a, "the beneficiary")
        self.assertEqual(columns.xpath("/list/field[@name='state']/@widget"), ["badge"])
        self.assertIn("payment_date", names)


@tagged("post_install", "-at_install")
class TestSupportingDocument(IliCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.grant = cls.to_decided(cls.make_application(), amount=10000)
        cls.grant.with_user(cls.agent).action_start()

    def declare(self, number, document=None):
        return (
            self.env["cri.ili.expense"]
            .with_user(self.portal_a)
            .create(
                {
                    "application_id": self.grant.id,
                    "date": date(2027, 3, 1),
                    "supplier": "Papeterie Test",
                    "invoice_number": number,
                    "description": "Notebooks",
                    "category": "operating",
                    "amount": 100,
                    "document": document,
                    "document_name": "invoice.pdf" if document else False,
                }
            )
        )

    def test_an_expense_without_its_supporting_document_is_not_accepted(self):
        expense = self.declare("F-NO-DOC")
        accountant = expense.with_user(self.accountant).with_context(lang="fr_BE")
        with self.assertRaisesRegex(UserError, "F-NO-DOC.*n'a pas de justificatif"):
            accountant.action_accept()
        accountant.rejection_reason = "Half of it is private"
        with self.assertRaisesRegex(UserError, "justificatif"):
            accountant.action_accept_partly(50)
        wizard = (
            self.env["cri.ili.expense.partial.wizard"]
            .with_user(self.accountant)
            .create({"expense_id": expense.id, "accepted_amount": 50, "reason": "Half of it is private"})
        )
        with self.assertRaisesRegex(UserError, "supporting document"):
            wizard.action_confirm()
        self.assertEqual(
            (expense.review_state, expense.accepted_amount, self.grant.accepted_amount), ("to_review", 0, 0)
        )
        # rejected, it may be without one
        accountant.action_reject()
        self.assertEqual(expense.review_state, "rejected")

    def test_once_joined_the_expense_is_accepted(self):
        expense = self.declare("F-LATE-DOC")
        with self.assertRaises(UserError):
            expense.with_user(self.accountant).action_accept()
        # the CRI's ILI agent joins it on the applicant's behalf (the applicant declares it again)
        expense.with_user(self.agent).write({"document": INVOICE, "document_name": "invoice.pdf"})
        expense.with_user(self.accountant).action_accept()
        self.assertEqual((expense.review_state, self.grant.accepted_amount), ("accepted", 100))
