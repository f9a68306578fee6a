"""Regimes list nationalities as country groups.

Until 18.0.1.0.0 a regime listed its excluded nationalities as countries (``excluded_country_ids``);
it now lists country groups (``excluded_country_group_ids``, ``exempted_country_group_ids``). The
regimes are noupdate data, so the upgrade creates the new groups but does not rewrite the regimes:

- each regime's excluded countries move to groups, so that every file keeps its eligibility: the
  "EU, EEA and Switzerland" group when the regime excluded all of its countries, and a group of
  the regime's own for the countries left over (for the whole list when it lacked some of them);
- the regimes shipped by the module get the rule that came with this version: Turkish nationals
  excluded under the 2016 regime (the deck), exempted under the later ones (standstill clause).

A post- script still finds the old relation table: Odoo drops it at the end of the upgrade.
"""

import logging

from odoo import SUPERUSER_ID, api
from odoo.fields import Command

_logger = logging.getLogger(__name__)

OLD_RELATION = "cri_pathway_regime_res_country_rel"
TURKISH_RULE = {
    "cri_parcours.regime_2016": "excluded_country_group_ids",
    "cri_parcours.regime_2018": "exempted_country_group_ids",
    "cri_parcours.regime_2024": "exempted_country_group_ids",
}


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {"active_test": False})
    move_excluded_countries(env)
    apply_turkish_rule(env)
    # the files of the changed regimes are recomputed now, not at the next write
    env.flush_all()


def move_excluded_countries(env):
    cr = env.cr
    cr.execute("SELECT to_regclass(%s)", [OLD_RELATION])
    if not cr.fetchone()[0]:
        return
    cr.execute(
        """SELECT cri_pathway_regime_id, array_agg(res_country_id ORDER BY res_country_id)
             FROM cri_pathway_regime_res_country_rel
         GROUP BY cri_pathway_regime_id"""
    )
    old_lists = cr.fetchall()
    eu_eea_ch = env.ref("cri_parcours.country_group_eu_eea_ch", raise_if_not_found=False)
    Group = env["res.country.group"]
    for regime_id, country_ids in old_lists:
        regime = env["cri.pathway.regime"].browse(regime_id)
        left = set(country_ids)
        groups = Group
        if eu_eea_ch and set(eu_eea_ch.country_ids.ids) <= left:
            groups |= eu_eea_ch
            left -= set(eu_eea_ch.country_ids.ids)
        if left:
            groups |= Group.create(
                {
                    "name": f"Other excluded nationalities ({regime.name})",
                    "country_ids": [Command.set(sorted(left))],
                }
            )
        regime.excluded_country_group_ids = [Command.link(group.id) for group in groups]
        _logger.info(
            "Regime %s: excluded countries moved to the country groups %s", regime.name, groups.mapped("name")
        )


def apply_turkish_rule(env):
    turkey = env.ref("cri_parcours.country_group_turkey", raise_if_not_found=False)
    if not turkey:
        return
    for xmlid, field in TURKISH_RULE.items():
        regime = env.ref(xmlid, raise_if_not_found=False)
        if not regime or turkey in regime.excluded_country_group_ids | regime.exempted_country_group_ids:
            continue
        regime[field] = [Command.link(turkey.id)]
        _logger.info("Regime %s: %s lists %s", regime.name, field, turkey.name)
