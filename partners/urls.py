from django.urls import path

from . import payouts, referrals, sales, views

app_name = "partners"

urlpatterns = [
    path("partner/", views.home, name="home"),
    path("partner/referrals/", referrals.referral_list, name="referrals"),
    path("partner/sales/", sales.sales_report, name="sales"),
    path("partner/payouts/", payouts.payout_list, name="payouts"),
    path("partner/payouts/<int:pk>/statement/", payouts.payout_statement, name="payout-statement"),
]
