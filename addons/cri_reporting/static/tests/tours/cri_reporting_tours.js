/** @odoo-module **/

import { registry } from "@web/core/registry";

import { goToSteps, loginSteps } from "@cri_base/../tests/tours/cri_login_steps";

// the snapshots are the test's (January 2016); the steps rely on names and classes, never on the wording
const JANUARY = ".o_list_view .o_data_row:contains(01/2016)";

registry.category("web_tour.tours").add("cri_reporting_region_dashboard_tour", {
    steps: () => [
        ...loginSteps("pt-observer"),
        ...goToSteps("/odoo/action-cri_reporting.action_cri_reporting_dashboard_region"),
        {
            content: "Open the Region's figures of January 2016",
            trigger: `${JANUARY} td.o_data_cell`,
            run: "click",
        },
        {
            content: "Its tables hide the small counts",
            trigger: ".o_cri_reporting_table td:contains(<5)",
        },
        {
            content: "The Region observer cannot correct them",
            trigger: ".o_form_view:not(:has(.o_statusbar_buttons button))",
        },
        {
            content: "Without any error",
            trigger: "body:not(:has(.o_error_dialog, .o_notification_bar.bg-danger))",
        },
    ],
});

registry.category("web_tour.tours").add("cri_reporting_correction_tour", {
    steps: () => [
        ...loginSteps("pt-manager-cric"),
        ...goToSteps("/odoo/action-cri_reporting.action_cri_reporting_snapshot"),
        {
            content: "Open the CRI's figures of January 2016",
            trigger: `${JANUARY} td.o_data_cell`,
            run: "click",
        },
        {
            content: "Correct them",
            trigger: ".o_statusbar_buttons button",
            run: "click",
        },
        {
            content: "Give the reason",
            trigger: ".modal .o_field_widget[name=reason] textarea",
            run: "edit Dossiers encodés en retard par la commune",
        },
        {
            content: "Create the new version",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The new version is open",
            trigger: ".o_form_view .o_field_widget[name=version]:contains(2)",
        },
        {
            content: "Without any error",
            trigger: "body:not(:has(.o_error_dialog, .o_notification_bar.bg-danger))",
        },
    ],
});
