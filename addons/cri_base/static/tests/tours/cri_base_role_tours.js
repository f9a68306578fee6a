/** @odoo-module **/

import { registry } from "@web/core/registry";

import { currentActionStep, loginSteps, noErrorStep } from "./cri_login_steps";

// A visitor of the login page: no account is opened there, a forgotten password is reset by mail.
registry.category("web_tour.tours").add("cri_base_public_visitor_tour", {
    steps: () => [
        {
            content: "The login page offers no sign-up",
            trigger: "form.oe_login_form:not(:has(a[href*='/web/signup']))",
        },
        {
            content: "The visitor forgot its password",
            trigger: "form.oe_login_form a[href*='/web/reset_password']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "It gives its login",
            trigger: "form.oe_reset_password_form input#login",
            run: "edit cric-accueil",
        },
        {
            content: "and asks for the reset",
            trigger: "form.oe_reset_password_form button[type=submit]",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "A mail is on its way",
            trigger: ".alert-success",
        },
    ],
});

// A Region administrator keeps the reference data shared by the CRIs: a new partner role.
registry.category("web_tour.tours").add("cri_base_region_admin_tour", {
    steps: () => [
        ...loginSteps("region-admin"),
        currentActionStep("cri_base.action_cri_correction_proposal"),
        {
            content: "It lands in the CRI app: open the partner roles",
            trigger: "[data-menu-xmlid='cri_base.menu_cri_configuration']",
            run: "click",
        },
        {
            trigger: "[data-menu-xmlid='cri_base.menu_cri_partner_role']",
            run: "click",
        },
        currentActionStep("cri_base.action_cri_partner_role"),
        {
            content: "Add a role",
            trigger: ".o_list_button_add, .o-kanban-button-new",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=name] input",
            run: "edit Plateforme de concertation démo",
        },
        {
            trigger: ".o_field_widget[name=code] input",
            run: "edit platform_tour",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save, .o_list_button_save",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_data_row:not(.o_selected_row):contains(Plateforme de concertation démo)",
        },
        noErrorStep(),
    ],
});
