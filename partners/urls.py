from django.urls import path

from . import analytics, bundle_request_views, cohort_views, payouts, referrals, sales, ticket_views, views

app_name = "partners"

urlpatterns = [
    path("partner/", views.home, name="home"),
    path("partner/cohorts/", cohort_views.cohort_list, name="cohorts"),
    path("partner/cohorts/new/", cohort_views.cohort_create, name="cohort-create"),
    path("partner/cohorts/<int:pk>/", cohort_views.cohort_detail, name="cohort"),
    path("partner/cohorts/<int:pk>/revoke-link/", cohort_views.cohort_revoke_link, name="cohort-revoke-link"),
    path("partner/cohorts/<int:pk>/close/", cohort_views.cohort_close, name="cohort-close"),
    path("cohorts/join/<str:token>/", cohort_views.cohort_join, name="cohort-join"),
    path("partner/bundle-requests/", bundle_request_views.bundle_request_list, name="bundle-requests"),
    path("partner/bundle-requests/new/", bundle_request_views.bundle_request_create, name="bundle-request-create"),
    path("partner/bundle-requests/<int:pk>/", bundle_request_views.bundle_request_detail, name="bundle-request"),
    path("partner/tickets/", ticket_views.ticket_list, name="tickets"),
    path("partner/tickets/new/", ticket_views.ticket_create, name="ticket-create"),
    path("partner/tickets/<int:pk>/", ticket_views.ticket_detail, name="ticket"),
    path("partner/attachments/<int:pk>/", ticket_views.attachment_download, name="ticket-attachment"),
    path("partner/referrals/", referrals.referral_list, name="referrals"),
    path("partner/sales/", sales.sales_report, name="sales"),
    path("partner/analytics/", analytics.analytics_page, name="analytics"),
    path("partner/payouts/", payouts.payout_list, name="payouts"),
    path("partner/payouts/<int:pk>/statement/", payouts.payout_statement, name="payout-statement"),
]
