/** @odoo-module **/

import { registry } from "@web/core/registry";

import { goToSteps, loginSteps, noErrorStep } from "@cri_base/../tests/tours/cri_login_steps";

import { markAttendanceSteps } from "@cri_training/../tests/tours/cri_training_attendance_tour";
import { registerStaffSteps } from "@cri_training/../tests/tours/cri_training_portal_register_tour";

// Each role of the trainings walks its main job from the login page, as its demo user, in
// French. The sessions and the people ("... Rôleformation") are the test's; the steps rely on
// names and classes, never on the wording.

/**
 * Opens the action of a trainings menu as a bookmark of the user's would: clicking the menu
 * while the home still loads let the home come back over it (the menus themselves are in the
 * role matrix).
 */
function openMenu(menu) {
    const actions = {
        menu_cri_training_session: "action_cri_training_session",
        menu_cri_training_my_sessions: "action_cri_training_my_sessions",
        menu_cri_training_attendance: "action_cri_training_attendance",
    };
    return [
        {
            content: "The trainings are in the user's menus",
            trigger: `.o_main_navbar [data-menu-xmlid='cri_training.menu_cri_training_root']`,
        },
        ...goToSteps(`/odoo/action-cri_training.${actions[menu]}`),
    ];
}

function openSessionSteps(session) {
    return [
        {
            content: "Show the sessions as a list",
            trigger: ".o_control_panel .o_switch_view.o_list",
            run: "click",
        },
        {
            content: `Open ${session}`,
            trigger: `.o_list_view .o_data_row:contains(${session}) td.o_data_cell[name=name]`,
            run: "click",
        },
        {
            content: "The session is open",
            trigger: `.o_action_manager:has(.o_form_view) .o_breadcrumb:contains(${session})`,
        },
    ];
}

// The CRIC's training officer: a participant withdraws from a full session; cancelling the
// registration gives the seat to the first of the waiting list.
registry.category("web_tour.tours").add("cri_training_officer_role_tour", {
    steps: () => [
        ...loginSteps("cric-formation"),
        ...openMenu("menu_cri_training_session"),
        ...openSessionSteps("Session pleine Rôleformation"),
        {
            content: "Open the session's attendees",
            trigger: ".o-form-buttonbox button.oe_stat_button:has(.o_field_widget[name=seats_taken])",
            run: "click",
        },
        {
            content: "The participant who waits holds no seat yet",
            trigger: ".o_list_view:has(.o_data_row:contains(Léon Rôleformation)):not(:has(.o_data_row:contains(Zoé Rôleformation)))",
        },
        {
            content: "Léon withdraws: cancel the registration",
            trigger: ".o_list_view .o_data_row:contains(Léon Rôleformation) button[name=action_cancel]",
            run: "click",
        },
        {
            content: "Zoé takes the seat Léon freed",
            trigger: ".o_list_view:has(.o_data_row:contains(Zoé Rôleformation)):not(:has(.o_data_row:contains(Léon Rôleformation)))",
        },
        noErrorStep(),
    ],
});

// The CRIC's trainer: opens its next session, then marks the attendance of its participants.
registry.category("web_tour.tours").add("cri_training_trainer_role_tour", {
    steps: () => [
        ...loginSteps("cric-formateur"),
        ...openMenu("menu_cri_training_my_sessions"),
        {
            content: "Open the next session",
            trigger: ".o_list_view .o_data_row:contains(Session prochaine Rôleformation) td.o_data_cell[name=name]",
            run: "click",
        },
        {
            content: "Its day is listed",
            trigger: ".o_form_view .o_field_widget[name=cri_slot_ids] .o_data_row",
        },
        ...openMenu("menu_cri_training_attendance"),
        ...markAttendanceSteps([
            ["Inès Rôleformation", "present"],
            ["Jules Rôleformation", "absent"],
        ]),
    ],
});

// An organisation of the CRIC's network (portal): registers two of its staff to an open session.
registry.category("web_tour.tours").add("cri_training_organisation_role_tour", {
    steps: () => [
        ...loginSteps("portal-fle-cric"),
        {
            content: "Open the trainings from the portal's home",
            trigger: ".o_portal_index_card a[href='/my/trainings']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Open the sessions open for registration",
            trigger: "#training_sessions_link",
            run: "click",
            expectUnloadPage: true,
        },
        ...registerStaffSteps("Session ouverte Rôleformation", ["Mila Rôleformation", "Nael Rôleformation"]),
    ],
});
