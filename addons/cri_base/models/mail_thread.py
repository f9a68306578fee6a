from odoo import models
from odoo.exceptions import AccessError


class MailThread(models.AbstractModel):
    """A partner's portal user writes in the chatter of its own documents; it does not turn the
    suite into a mail relay. Whatever the client (the portal's chatter, RPC), a message it posts
    reaches the document's followers and itself only, it posts under its own name, and it
    subscribes itself only. Internal users keep Odoo's rules, and so does the server's own code
    run as superuser on a portal user's behalf (an activity for the CRI's officer, a reminder)."""

    _inherit = "mail.thread"

    def _cri_portal_caller(self):
        """The portal user (or visitor) who calls, unless server code runs as superuser."""
        user = self.env.user
        return user if user.share and not self.env.su else user.browse()

    def _cri_check_portal_recipients(self, partner_ids):
        user = self._cri_portal_caller()
        if not user or not partner_ids:
            return
        allowed = set(self.sudo().message_partner_ids.ids) | {user.partner_id.id}
        if set(partner_ids) - allowed:
            raise AccessError(
                self.env._("A message from the portal reaches the followers of the document only.")
            )

    def message_post(self, *, partner_ids=None, author_id=None, **kwargs):
        user = self._cri_portal_caller()
        if user:
            self._cri_check_portal_recipients(partner_ids)
            if author_id and author_id != user.partner_id.id:
                raise AccessError(self.env._("A message from the portal is signed by its author."))
        return super().message_post(partner_ids=partner_ids, author_id=author_id, **kwargs)

    def message_subscribe(self, partner_ids=None, subtype_ids=None):
        user = self._cri_portal_caller()
        if user and partner_ids and set(partner_ids) != {user.partner_id.id}:
            raise AccessError(self.env._("A portal user follows a document for itself only."))
        return super().message_subscribe(partner_ids=partner_ids, subtype_ids=subtype_ids)
