/** @odoo-module **/

import { registry } from "@web/core/registry";

import { currentActionStep, loginSteps, noErrorStep } from "@cri_base/../tests/tours/cri_login_steps";

// A CRI's manager starts its day on its dashboard and opens the files to receive (the test's file).
registry.category("web_tour.tours").add("cri_pathway_manager_dashboard_tour", {
    steps: () => [
        ...loginSteps("pt-manager-cric"),
        currentActionStep("cri_base.action_cri_dashboard"),
        {
            content: "The dashboard shows the pathway's figures, in French",
            trigger: ".o_kanban_view .o_kanban_group:contains(Parcours d'intégration)",
        },
        {
            content: "The late files read red",
            trigger: ".o_kanban_record:contains(Dossiers en retard) .o_cri_alert",
        },
        {
            content: "Open the files to receive",
            trigger: ".o_kanban_record:contains(Dossiers à accueillir)",
            run: "click",
        },
        {
            content: "The file registered today is among them",
            trigger: ".o_list_view .o_data_row:contains(Tableaudebord)",
        },
        {
            content: "and the list is titled after the figure",
            trigger: ".o_breadcrumb:contains(Dossiers à accueillir)",
        },
        noErrorStep(),
    ],
});
