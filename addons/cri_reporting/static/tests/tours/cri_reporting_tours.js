/** @odoo-module **/

import { registry } from "@web/core/registry";

import { currentActionStep, loginSteps, noErrorStep } from "@cri_base/../tests/tours/cri_login_steps";

// the snapshots are the test's (January 2016); the steps rely on names and classes, never on the wording
const JANUARY = ".o_list_view .o_data_row:contains(01/2016)";

/** The snapshots, through the apps menu and the Statistics app's menus. */
function openSnapshots() {
    return [
        {
            content: "Open the apps menu",
            trigger: ".o_navbar_apps_menu button",
            run: "click",
        },
        {
            content: "Open the Statistics app",
            trigger: ".o_app[data-menu-xmlid='cri_reporting.menu_reporting_root']",
            run: "click",
        },
        {
            content: "Open the publication menu",
            trigger: ".o_main_navbar [data-menu-xmlid='cri_reporting.menu_reporting_publication']",
            run: "click",
        },
        {
            content: "Open the monthly snapshots",
            trigger: "[data-menu-xmlid='cri_reporting.menu_reporting_snapshot']",
            run: "click",
        },
        currentActionStep("cri_reporting.action_cri_reporting_snapshot"),
    ];
}

registry.category("web_tour.tours").add("cri_reporting_region_dashboard_tour", {
    steps: () => [
        ...loginSteps("pt-observer"),
        currentActionStep("cri_reporting.action_cri_reporting_dashboard_region"),
        {
            content: "The Region's dashboard is a chart of the published entries by CRI and month",
            trigger: ".o_graph_view .o_graph_renderer canvas",
        },
        {
            content: "Show it as a table",
            trigger: ".o_control_panel .o_switch_view.o_pivot",
            run: "click",
        },
        {
            content: "The CRIs without entries are published (zero is no small count)",
            trigger: ".o_pivot th.o_pivot_header_cell_closed:contains(Liège)",
        },
        {
            content: "The small counts of Namur (2 files), and Charleroi's that would reveal them, are left out",
            trigger: ".o_pivot:not(:has(th:contains(Namur))):not(:has(th:contains(Charleroi)))",
        },
        ...openSnapshots(),
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
        noErrorStep(),
    ],
});

registry.category("web_tour.tours").add("cri_reporting_correction_tour", {
    steps: () => [
        ...loginSteps("pt-manager-cric"),
        currentActionStep("cri_base.action_cri_dashboard"),
        ...openSnapshots(),
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
