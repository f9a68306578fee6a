from odoo import models
from odoo.exceptions import AccessError


class MailThread(models.AbstractModel):
    """A partner's portal user writes in the chatter of its own documents; it does not turn the
    suite into a mail relay. Whatever the client (the portal's chatter, RPC), a message it posts
    reaches the document's followers and itself only, it posts under its own name, and it
    subscribes itself only. Internal users keep Odoo's rules."""

    _inherit = "mail.thread"

    def _cri_check_portal_recipients(self, partner_ids):
        user = self.env.user
        if not user.share or not partner_ids:
            return
        allowed = set(self.sudo().message_partner_ids.ids) | {user.partner_id.id}
        if set(partner_ids) - allowed:
            raise AccessError(
                self.env._("A message from the portal reaches the followers of the document only.")
            )

    def message_post(self, *, partner_ids=None, author_id=None, **kwargs):
        user = self.env.user
        if user.share:
            self._cri_check_portal_recipients(partner_ids)
            if author_id and author_id != user.partner_id.id:
                raise AccessError(self.env._("A message from the portal is signed by its author."))
        return super().message_post(partner_ids=partner_ids, author_id=author_id, **kwargs)

    def message_subscribe(self, partner_ids=None, subtype_ids=None):
        user = self.env.user
        if user.share and partner_ids and set(partner_ids) != {user.partner_id.id}:
            raise AccessError(self.env._("A portal user follows a document for itself only."))
        return super().message_subscribe(partner_ids=partner_ids, subtype_ids=subtype_ids)
