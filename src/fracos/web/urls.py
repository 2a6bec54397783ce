from django.contrib.auth import views as auth_views
from django.urls import path

from fracos.web.views import (
    auth,
    cadence,
    calendar,
    clients,
    dashboard,
    engagements,
    exports,
    health,
    invoices,
    launch,
    network,
    payments,
    pilots,
    pipeline,
    plan,
    portal,
    positioning,
    proposals,
    rate,
    settings,
    summaries,
    time,
    time_import,
)

urlpatterns = [
    path("", dashboard.home, name="home"),
    path("healthz", auth.healthz, name="healthz"),
    path("health/", health.health_page, name="health"),
    # Signing in and out, passwords
    path("login/", auth.SignInView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth.PasswordView.as_view(), name="password_change"),
    path(
        "password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"
    ),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(form_class=auth.ResetForm),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    # Time
    path("time/", time.week_page, name="time"),
    path("time/log/", time.log, name="time_log"),
    path("time/<int:entry_id>/edit/", time.entry_edit, name="entry_edit"),
    path("time/<int:entry_id>/delete/", time.entry_delete, name="entry_delete"),
    path("timer/start/", time.timer_start, name="timer_start"),
    path("timer/stop/", time.timer_stop, name="timer_stop"),
    # Clients
    path("clients/", clients.client_index, name="clients"),
    path("clients/new/", clients.client_new, name="client_new"),
    path("clients/<int:client_id>/", clients.client_detail, name="client"),
    path("clients/<int:client_id>/edit/", clients.client_edit, name="client_edit"),
    path("clients/<int:client_id>/archive/", clients.client_archive, name="client_archive"),
    # Engagements
    path("engagements/", engagements.engagement_index, name="engagements"),
    path("engagements/new/", engagements.engagement_new, name="engagement_new"),
    path("engagements/<int:engagement_id>/", engagements.engagement_detail, name="engagement"),
    path(
        "engagements/<int:engagement_id>/edit/",
        engagements.engagement_edit,
        name="engagement_edit",
    ),
    path("engagements/<int:engagement_id>/end/", engagements.engagement_end, name="engagement_end"),
    path(
        "engagements/<int:engagement_id>/scope.<str:kind>",
        proposals.scope_download,
        name="scope_download",
    ),
    # Winning clients: the pipeline and what feeds it
    path("pipeline/", pipeline.board_page, name="pipeline"),
    path("pipeline/new/", pipeline.opportunity_new, name="opportunity_new"),
    path("pipeline/<int:opportunity_id>/", pipeline.opportunity_detail, name="opportunity"),
    path("pipeline/<int:opportunity_id>/edit/", pipeline.opportunity_edit, name="opportunity_edit"),
    path("pipeline/<int:opportunity_id>/move/", pipeline.opportunity_move, name="opportunity_move"),
    path(
        "pipeline/<int:opportunity_id>/story/", pipeline.opportunity_story, name="opportunity_story"
    ),
    path("pipeline/<int:opportunity_id>/pilot/", pilots.pilot_start, name="pilot_start"),
    path(
        "pipeline/<int:opportunity_id>/proposals/new/",
        proposals.proposal_new,
        name="proposal_new",
    ),
    path("pipeline/pilots/", pilots.pilots_page, name="pilots"),
    path(
        "pipeline/pilots/<int:engagement_id>/convert/", pilots.pilot_convert, name="pilot_convert"
    ),
    path("pipeline/pilots/<int:engagement_id>/close/", pilots.pilot_close, name="pilot_close"),
    path("pipeline/proposals/", proposals.proposal_index, name="proposals"),
    path("pipeline/proposals/<int:proposal_id>/", proposals.proposal_detail, name="proposal"),
    path(
        "pipeline/proposals/<int:proposal_id>/send/", proposals.proposal_send, name="proposal_send"
    ),
    path(
        "pipeline/proposals/<int:proposal_id>/accept/",
        proposals.proposal_accept,
        name="proposal_accept",
    ),
    path(
        "pipeline/proposals/<int:proposal_id>/proposal.<str:kind>",
        proposals.proposal_download,
        name="proposal_download",
    ),
    path("positioning/", positioning.positioning_page, name="positioning"),
    path("positioning/edit/", positioning.positioning_edit, name="positioning_edit"),
    path("proof/", positioning.proof_index, name="proof"),
    path("proof/new/", positioning.story_new, name="story_new"),
    path("proof/<int:story_id>/edit/", positioning.story_edit, name="story_edit"),
    path("thought/", launch.thought_page, name="thought"),
    path("launch/", launch.launch_page, name="launch"),
    path("launch/tick/", launch.launch_tick, name="launch_tick"),
    path("launch/feedback/", launch.launch_feedback, name="launch_feedback"),
    path("network/", network.network_index, name="network"),
    path("network/new/", network.contact_new, name="contact_new"),
    path("network/import/", network.network_import, name="network_import"),
    path("network/<int:contact_id>/", network.contact_detail, name="contact"),
    path("network/<int:contact_id>/edit/", network.contact_edit, name="contact_edit"),
    path("network/<int:contact_id>/top/", network.contact_top, name="contact_top"),
    # Settings
    path("settings/", settings.settings_page, name="settings"),
    path("settings/practice/", settings.practice_save, name="settings_practice"),
    path("settings/logo/", settings.logo_save, name="settings_logo"),
    path("settings/playbook/", settings.playbook_save, name="settings_playbook"),
    path("settings/members/add/", settings.member_add, name="settings_member_add"),
    path("settings/members/remove/", settings.member_remove, name="settings_member_remove"),
    # The cadence, summaries, reviews, the calendar feed; the plan and the rate calculator
    path("cadence/", cadence.cadence_page, name="cadence"),
    path("cadence/checkin/", cadence.checkin, name="cadence_checkin"),
    path("cadence/renewal/", cadence.renewal, name="cadence_renewal"),
    path("cadence/summaries/draft/", cadence.summary_draft, name="summary_draft"),
    path("cadence/summaries/preview/", summaries.summary_preview, name="summary_preview"),
    path("cadence/summaries/<int:summary_id>/", summaries.summary_detail, name="summary"),
    path("cadence/summaries/<int:summary_id>/send/", summaries.summary_send, name="summary_send"),
    path(
        "cadence/summaries/<int:summary_id>/email/", summaries.summary_email, name="summary_email"
    ),
    path("cadence/summaries/<int:summary_id>/pdf/", summaries.summary_download, name="summary_pdf"),
    path("cadence/review/<int:engagement_id>/", summaries.review, name="review"),
    path("calendar/", calendar.calendar_page, name="calendar"),
    path("calendar/issue/", calendar.calendar_issue, name="calendar_issue"),
    path("calendar/revoke/", calendar.calendar_revoke, name="calendar_revoke"),
    path("plan/", plan.plan_page, name="plan"),
    path("rate/", rate.rate_page, name="rate"),
    path("time/import/", time_import.import_page, name="time_import"),
    # Invoices and receivables
    path("invoices/", invoices.invoice_index, name="invoices"),
    path("invoices/new/", invoices.invoice_new, name="invoice_new"),
    path("invoices/<int:invoice_id>/", invoices.invoice_detail, name="invoice"),
    path("invoices/<int:invoice_id>/lines/", invoices.line_add, name="invoice_line_add"),
    path(
        "invoices/<int:invoice_id>/lines/<int:line_id>/",
        invoices.line_update,
        name="invoice_line_update",
    ),
    path(
        "invoices/<int:invoice_id>/lines/<int:line_id>/remove/",
        invoices.line_remove,
        name="invoice_line_remove",
    ),
    path("invoices/<int:invoice_id>/notes/", invoices.notes_save, name="invoice_notes"),
    path("invoices/<int:invoice_id>/delete/", invoices.invoice_delete, name="invoice_delete"),
    path("invoices/<int:invoice_id>/issue/", invoices.invoice_issue, name="invoice_issue"),
    path("invoices/<int:invoice_id>/pdf", invoices.invoice_pdf, name="invoice_pdf"),
    path("invoices/<int:invoice_id>/ubl", invoices.invoice_ubl, name="invoice_ubl"),
    path("invoices/<int:invoice_id>/facturx", invoices.invoice_facturx, name="invoice_facturx"),
    path("invoices/<int:invoice_id>/send/", invoices.invoice_send, name="invoice_send"),
    path("invoices/<int:invoice_id>/payments/", invoices.payment_add, name="invoice_payment"),
    path("invoices/<int:invoice_id>/credit/", invoices.invoice_credit, name="invoice_credit"),
    path("receivables/", invoices.receivables_page, name="receivables"),
    path("payments/", payments.payments_page, name="payments"),
    # Every list as a file, as `fracos export` writes it
    path("exports/<str:what>/", exports.export_download, name="export"),
    # The client portal
    path("portal/", portal.portal_home, name="portal"),
    path("portal/invoices/<int:invoice_id>/pdf", portal.portal_invoice_pdf, name="portal_pdf"),
    path("portal/invoices/<int:invoice_id>/ubl", portal.portal_invoice_ubl, name="portal_ubl"),
    path(
        "portal/invoices/<int:invoice_id>/facturx",
        portal.portal_invoice_facturx,
        name="portal_facturx",
    ),
    # By number, which a practice's pattern may give slashes: the path converter keeps them.
    path("portal/invoices/<path:number>/", portal.portal_invoice, name="portal_invoice"),
]
