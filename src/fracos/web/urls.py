from django.contrib.auth import views as auth_views
from django.urls import path

from fracos.web.views import (
    auth,
    clients,
    dashboard,
    engagements,
    invoices,
    portal,
    settings,
    time,
)

urlpatterns = [
    path("", dashboard.home, name="home"),
    path("healthz", auth.healthz, name="healthz"),
    # Signing in and out, passwords
    path("login/", auth.SignInView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
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
    # Settings
    path("settings/", settings.settings_page, name="settings"),
    path("settings/practice/", settings.practice_save, name="settings_practice"),
    path("settings/playbook/", settings.playbook_save, name="settings_playbook"),
    path("settings/members/add/", settings.member_add, name="settings_member_add"),
    path("settings/members/remove/", settings.member_remove, name="settings_member_remove"),
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
    # The client portal
    path("portal/", portal.portal_home, name="portal"),
    path("portal/invoices/<int:invoice_id>/pdf", portal.portal_invoice_pdf, name="portal_pdf"),
]
