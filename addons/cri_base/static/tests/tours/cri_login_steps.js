/** @odoo-module **/

/**
 * The steps of a person logging in on the login page (demo passwords equal the logins): every
 * role's tour starts there, as its working day does. The steps rely on the fields' names, never
 * on the wording.
 */
export function loginSteps(login, password = login) {
    return [
        {
            content: `${login} types its login`,
            trigger: "form.oe_login_form input#login",
            run: `edit ${login}`,
        },
        {
            content: "and its password",
            trigger: "form.oe_login_form input#password",
            run: `edit ${password}`,
        },
        {
            content: "and logs in",
            trigger: "form.oe_login_form button[type=submit]",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Its home is open: a view of the web client, or its portal",
            trigger: ".o_action_manager:not(:empty), .o_portal_wrap",
        },
    ];
}

/** The web client is up, without any error. */
export function noErrorStep() {
    return {
        content: "Without any error",
        trigger: "body:not(:has(.o_error_dialog, .o_notification_bar.bg-danger))",
    };
}

/** Go to ``url`` of the web client, as a bookmark of the user's would. */
export function goToSteps(url) {
    return [
        {
            content: `Open ${url}`,
            trigger: ".o_main_navbar",
            run() {
                window.location.href = url;
            },
            expectUnloadPage: true,
        },
        {
            trigger: ".o_action_manager .o_view_controller",
        },
    ];
}
