from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """What a role implies changed; the users of a database of an earlier version held the old
    implications in their groups. The installation's administrators keep theirs.

    - Separation of duties: the manager group no longer implies the accountant group; a CRI that
      wants one person in both roles gives both again, in the user form.
    - Trainers and accountants read the contacts and create none: they no longer hold the contact
      creation group, unless another role of theirs gives it (reception, social follow-up).

    The groups that core apps gave every user through the default user template are taken back
    by cri_access_data.xml, run at every update."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    keep = env["res.users"]._cri_unaligned_user_ids()
    ref = env.ref
    accountant = ref("cri_base.group_accountant")
    managers = (ref("cri_base.group_manager").users & accountant.users).filtered(lambda u: u.id not in keep)
    managers.write({"groups_id": [(3, accountant.id)]})
    contacts = ref("base.group_partner_manager")
    staff = ref("cri_base.group_reception_agent").users | ref("cri_base.group_social_worker").users
    readers = (ref("cri_base.group_trainer").users | accountant.users) - staff
    readers.filtered(lambda u: u.id not in keep).write({"groups_id": [(3, contacts.id)]})
