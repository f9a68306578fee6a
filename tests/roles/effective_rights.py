"""The effective rights of the suite's roles, computed on a database, against the role matrix.

For every role of ``roles.csv`` the rights are those of real users: each demo login of the role,
and a user created the ordinary way by the installation's administrator (the user form with the
role ticked, so that the default user template applies; for a partner, a contact of an
organisation invited through the portal wizard; the public visitor is Odoo's public user). For
each user, in a transaction that is rolled back:

- every model of the database (the suite's and the core apps'): may it create, read, write,
  delete (``ir.model.access``: the access rights of its groups);
- every menu it sees in the web client;
- every report it may print (the report's groups, read access to its model and, for the
  suite's documents, the printing groups of its report model).

``matrix.csv`` says what each role must have: a line a model, menu or report that a role at
least reaches, a column a role, a cell the rights (``r`` read, ``w`` write, ``c`` create,
``d`` delete; ``x`` for a menu seen or a report printed). ``--check`` compares every user
with it; ``--write`` writes the matrix from the users created the ordinary way (a new model,
menu, report or core app extends the contract: review the difference before committing it).

Run with Odoo importable (``PYTHONPATH`` holding the Odoo source):
    python tests/roles/effective_rights.py -c .local/odoo.conf -d DB --check
"""

import argparse
import csv
import json
import sys
import threading
from pathlib import Path

import odoo
from odoo.modules.registry import Registry

HERE = Path(__file__).resolve().parent
ROLES = HERE / "roles.csv"
MATRIX = HERE / "matrix.csv"
MODES = (("r", "read"), ("w", "write"), ("c", "create"), ("d", "unlink"))
KINDS = ("model", "menu", "report")
# what the test user of a role is called, so that it is found (and rolled back) with its login
FRESH_LOGIN = "matrix-{role}"


def read_roles():
    with ROLES.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def read_matrix(path=MATRIX):
    """``{(kind, name): {role: cell}}`` of the committed matrix."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return {(row.pop("kind"), row.pop("name")): dict(row) for row in rows}


# ---------------------------------------------------------------------------- users
def _role_companies(env, role):
    centers = env["cri.center"].sudo().search([])
    if role["company"] == "all":
        return centers.company_id
    return env.ref(role["company"]).company_id


def _reified_field(env, group):
    """The field of the user form that ticks ``group`` (a checkbox or a selection of its
    application), and the value that ticks it."""
    # the reified fields of the groups exist in the form's description only
    names = env["res.users"].fields_get(attributes=["type"])
    boolean = f"in_group_{group.id}"
    if boolean in names:
        return boolean, True
    for name in names:
        if name.startswith("sel_groups_") and str(group.id) in name[len("sel_groups_") :].split("_"):
            return name, group.id
    raise LookupError(f"the user form offers no field for {group.get_external_id()[group.id]}")


def create_internal_user(env, role):
    """An employee of the role's CRI created in Settings > Users by the administrator as the web
    client does it: the form's defaults (the default user template, as the form's group boxes),
    the names, the companies and the role's box ticked, nothing else changed."""
    admin = env.ref("base.user_admin")
    companies = _role_companies(env, role)
    # the administrator of the installation works for every CRI: the form offers their companies
    admin.sudo().write(
        {"company_ids": [(4, company.id) for company in _role_companies(env, {"company": "all"})]}
    )
    Users = env["res.users"].with_user(admin).with_context(lang="en_US")
    values = Users.default_get(list(Users.fields_get(attributes=["type"])))
    # the form shows the groups as boxes, and sends the boxes, not the groups
    values.pop("groups_id", None)
    values.update(
        {
            # partner_firstname: the name is made of the first and last names the form offers
            "firstname": "Matrix",
            "lastname": role["label"],
            "login": FRESH_LOGIN.format(role=role["role"]),
            "company_ids": [(6, 0, companies.ids)],
            "company_id": companies[0].id,
        }
    )
    for xmlid in role["groups"].split():
        name, value = _reified_field(env, env.ref(xmlid))
        values[name] = value
    return Users.create(values)


def create_portal_user(env, role):
    """A contact of an organisation, invited to the portal through the portal wizard."""
    admin_env = env(user=env.ref("base.user_admin"))
    organisation = admin_env["res.partner"].create(
        {"name": f"Organisation for {role['label']} (test)", "is_company": True}
    )
    contact = admin_env["res.partner"].create(
        {
            "name": f"Matrix {role['label']}",
            "parent_id": organisation.id,
            "email": f"{FRESH_LOGIN.format(role=role['role'])}@example.com",
        }
    )
    wizard = (
        admin_env["portal.wizard"].with_context(active_ids=contact.ids, active_model="res.partner").create({})
    )
    wizard.user_ids.action_grant_access()
    return contact.user_ids


def role_users(env, role):
    """``{label: user}``: the demo logins of the role and a user created the ordinary way."""
    users = {}
    Users = env["res.users"].with_context(active_test=False)
    for login in role["demo_logins"].split():
        # a missing demo login has no rights at all: the comparison says so
        users[login] = Users.search([("login", "=", login)]) or env.ref("base.public_user").browse()
    if role["kind"] == "internal":
        users["created in the user form"] = create_internal_user(env, role)
    elif role["kind"] == "portal":
        users["invited to the portal"] = create_portal_user(env, role)
    else:
        users["Odoo's public user"] = env.ref("base.public_user")
    return users


# ---------------------------------------------------------------------------- rights
def _report_printers(env):
    """``[(report, its report model if it is one of the suite's guarded ones)]`` for every report
    of the database."""
    printers = []
    for report in env["ir.actions.report"].sudo().search([]):
        report_model = env.get(f"report.{report.report_name}")
        guarded = report_model is not None and isinstance(report_model, env.registry["cri.report.mixin"])
        printers.append((report, report_model if guarded else None))
    return printers


def rights_of(env, user, names, printers):
    """``{(kind, name): cell}`` of ``user`` for every model of ``names``, every menu and report."""
    if not user:
        return {("login", "missing"): "x"}
    user_env = env(user=user.id, su=False)
    Access = user_env["ir.model.access"]
    result = {}
    for name in names:
        cell = "".join(letter for letter, mode in MODES if Access.check(name, mode, raise_exception=False))
        if cell:
            result[("model", name)] = cell
    # the menus of the web client, as it loads them (a portal user or a visitor reads none)
    if Access.check("ir.ui.menu", "read", False):
        for key, menu in user_env["ir.ui.menu"].load_menus(debug=False).items():
            if key != "root" and menu.get("xmlid"):
                result[("menu", menu["xmlid"])] = "x"
    groups = user_env.user.groups_id
    for record, report_model in printers:
        if record.groups_id and not (record.groups_id & groups):
            continue
        if not Access.check(record.model, "read", raise_exception=False):
            continue
        if report_model is not None and not report_model.with_env(user_env)._cri_may_print():
            continue
        xmlid = record.get_external_id().get(record.id) or f"report:{record.report_name}"
        result[("report", xmlid)] = "x"
    return result


def compute(env):
    """``{role: {user label: {(kind, name): cell}}}`` for every role of ``roles.csv``."""
    names = sorted(name for name, model in env.registry.items() if not model._abstract)
    printers = _report_printers(env)
    result = {}
    for role in read_roles():
        result[role["role"]] = {
            label: rights_of(env, user, names, printers) for label, user in role_users(env, role).items()
        }
    return result


def design_problems(env):
    """What the suite's design promises for every model of its addons, so that the next addon
    cannot forget it: a model with a CRI (a stored ``company_id``) keeps the internal users of
    other CRIs out with a record rule; each document of the suite has a report model that checks
    it on the server (``cri.report.mixin``)."""
    problems = []
    for name in sorted(env.registry):
        Model = env[name]
        if not name.startswith("cri.") or Model._abstract or Model._transient:
            continue
        field = Model._fields.get("company_id")
        if not (field and field.store):
            continue
        rules = env["ir.rule"].sudo().search([("model_id.model", "=", name)])
        if not any(
            "company_id" in rule.domain_force and "company_ids" in rule.domain_force for rule in rules
        ):
            problems.append(f"design {name}: no record rule keeps the other CRIs' users out")
    for report in env["ir.actions.report"].sudo().search([]):
        module = (report.get_external_id().get(report.id) or "").split(".")[0]
        report_model = env.get(f"report.{report.report_name}")
        guarded = report_model is not None and isinstance(report_model, env.registry["cri.report.mixin"])
        if module.startswith("cri_") and not guarded:
            problems.append(f"design {report.report_name}: no cri.report.mixin report model checks it")
    return problems


# ---------------------------------------------------------------------------- matrix
def differences(computed, matrix):
    """Readable lines, one a (user, line) where a user's rights differ from the matrix."""
    lines = []
    for role, users in computed.items():
        expected = {key: cells.get(role, "") for key, cells in matrix.items() if cells.get(role, "")}
        for label, rights in users.items():
            for key in sorted(set(expected) | set(rights)):
                want, have = expected.get(key, ""), rights.get(key, "")
                if want != have:
                    lines.append(
                        f"{key[0]} {key[1]}: role {role} ({label}) has {have or 'nothing'!r}, "
                        f"the matrix says {want or 'nothing'!r}"
                    )
    return lines


def matrix_of(computed, roles):
    """The matrix of the users created the ordinary way (the last user of each role)."""
    rows = {}
    for role in roles:
        rights = list(computed[role].values())[-1]
        for key, cell in rights.items():
            rows.setdefault(key, {})[role] = cell
    return rows


def write_matrix(rows, roles, path=MATRIX):
    order = {kind: index for index, kind in enumerate(KINDS)}
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["kind", "name", *roles])
        for kind, name in sorted(rows, key=lambda key: (order[key[0]], key[1])):
            writer.writerow([kind, name, *(rows[(kind, name)].get(role, "") for role in roles)])


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-c", "--conf", required=True)
    parser.add_argument("-d", "--database", required=True)
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--check", action="store_true", help="compare every user with matrix.csv")
    action.add_argument("--write", action="store_true", help="write matrix.csv from the users created")
    parser.add_argument("--json", help="write the computed rights there too")
    parser.add_argument("--matrix", type=Path, default=MATRIX, help="the matrix file (default: %(default)s)")
    args = parser.parse_args(argv)
    odoo.tools.config.parse_config(["-c", args.conf, "-d", args.database, "--log-level", "warn"])
    registry = Registry(args.database)
    # as under Odoo's test runner: the core apps do not commit in the middle (the event mail
    # scheduler does outside tests) nor send mail, and everything here is rolled back
    threading.current_thread().testing = True
    roles = [role["role"] for role in read_roles()]
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        try:
            computed = compute(env)
            problems = design_problems(env)
        finally:
            cr.rollback()
    if args.json:
        serialisable = {
            role: {
                label: {f"{kind} {name}": cell for (kind, name), cell in rights.items()}
                for label, rights in users.items()
            }
            for role, users in computed.items()
        }
        Path(args.json).write_text(json.dumps(serialisable, indent=1, sort_keys=True), encoding="utf-8")
    if args.write:
        write_matrix(matrix_of(computed, roles), roles, args.matrix)
        print(f"written: {args.matrix}")
        return 0
    lines = problems + differences(computed, read_matrix(args.matrix))
    users = sum(len(u) for u in computed.values())
    print(f"{len(roles)} roles, {users} users compared with {args.matrix.name}: {len(lines)} differences")
    print("\n".join(lines))
    return 1 if lines else 0


if __name__ == "__main__":
    sys.exit(main())
