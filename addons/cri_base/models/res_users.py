from odoo import api, models


class ResUsers(models.Model):
    """Core apps do not widen the suite's roles, and nobody signs up uninvited.

    Odoo's apps add their groups to the default user template (``event`` its administrators,
    ``survey`` its users) and, through the template, to every internal user, existing and new.
    In the suite a user holds what its role gives (``cri_base`` groups, which imply the core-app
    groups a role needs) and nothing more, whenever it was created and whatever app is installed
    later: the template gives employees their ``base.group_user`` only, its additions reach no
    existing user, and ``_cri_align_core_groups`` takes back what an app gave before."""

    _inherit = "res.users"

    @api.model
    def _cri_homes(self):
        """Where each role lands after logging in: [(priority, group, window action)], the
        first whose group the user holds (a lower priority first). Each addon adds the homes of
        its roles. The managers and the accountants land on their dashboard (the figures of
        their work, each opening on its records), the Region's administrators on the corrections
        proposed to them."""
        return [
            (10, "cri_base.group_manager", "cri_base.action_cri_dashboard"),
            (15, "cri_base.group_region_admin", "cri_base.action_cri_correction_proposal"),
            (30, "cri_base.group_accountant", "cri_base.action_cri_dashboard"),
        ]

    def _cri_home_action(self):
        """The window action of the user's role home, or an empty recordset (no CRI role)."""
        self.ensure_one()
        for _priority, group, xmlid in sorted(self._cri_homes()):
            action = self.env.ref(xmlid, raise_if_not_found=False)
            if action and self.has_group(group):
                return action
        return self.env["ir.actions.act_window"]

    def _apply_groups_to_existing_employees(self):
        # a group added to the template is not a group of every employee
        return False

    def _default_groups(self):
        return self.env.ref("base.group_user")

    @api.model
    def _get_signup_invitation_scope(self):
        # the CRIs invite their partners' contacts, who then set their password; no uninvited
        # account, whatever an app or the settings say
        return "b2b"

    @api.model
    def _cri_align_core_groups(self):
        """Take back from every user the groups the default user template gave it beyond what
        its role implies, and empty the template of them. The installation's administrators
        keep theirs. Run when ``cri_base`` (and each addon that brings a core app) is installed
        or updated."""
        template = self.env.ref("base.default_user", raise_if_not_found=False)
        employee = self.env.ref("base.group_user")
        if not template:
            return
        extras = template.sudo().groups_id - employee.trans_implied_ids - employee
        if not extras:
            return
        template.sudo().write({"groups_id": [(3, group.id) for group in extras]})
        users = (
            self.sudo()
            .with_context(active_test=False)
            .search([("share", "=", False), ("id", "not in", self._cri_unaligned_user_ids())])
        )
        for user in users.filtered(lambda u: u.groups_id & extras):
            # what the user's other groups imply stays: a training officer keeps its event user
            kept = (user.groups_id - extras).trans_implied_ids
            taken = (user.groups_id & extras) - kept
            if taken:
                user.write({"groups_id": [(3, group.id) for group in taken]})

    @api.model
    def _cri_unaligned_user_ids(self):
        """The superuser, the administrator and the users of the settings: they administer the
        installation, its core apps included."""
        system = self.env.ref("base.group_system")
        return [self.env.ref("base.user_root").id, *system.sudo().users.ids]
