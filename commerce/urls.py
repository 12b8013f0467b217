from django.urls import path

from . import bundle_views, coupon_views, gift_views, package_views, referrals, views
from .recommendations import views as recommendation_views

app_name = "commerce"

urlpatterns = [
    path("checkout/start/<slug:slug>/", views.checkout_start, name="checkout-start"),
    path("checkout/code/<slug:slug>/", coupon_views.apply_coupon, name="coupon-apply"),
    path("c/<str:code>/", coupon_views.coupon_link, name="coupon-link"),
    path("r/<str:code>/", referrals.referral_redirect, name="referral"),
    path("bundles/", bundle_views.bundle_list, name="bundles"),
    path("bundles/<slug:slug>/", bundle_views.bundle_detail, name="bundle-detail"),
    path("checkout/after/<str:reference>/offer/", bundle_views.buy_upsell, name="buy-upsell"),
    path("packages/<slug:slug>/buy/", package_views.package_checkout, name="package-checkout"),
    path("learn/sessions/trial/<int:teacher_id>/buy/", package_views.trial_checkout, name="trial-checkout"),
    path("checkout/test-gateway/<uuid:key>/", views.test_gateway, name="test-gateway"),
    path("checkout/return/<uuid:key>/", views.checkout_return, name="checkout-return"),
    path("checkout/cancel/<uuid:key>/", views.checkout_cancel, name="checkout-cancel"),
    path("gifts/start/<slug:slug>/", gift_views.gift_start, name="gift-start"),
    path("gifts/redeem/<str:token>/", gift_views.gift_redeem, name="gift-redeem"),
    path("learn/gifts/", gift_views.gift_list, name="gifts"),
    path("learn/gifts/<int:pk>/", gift_views.gift_detail, name="gift-detail"),
    path("learn/gifts/<int:pk>/redeem/", gift_views.gift_redeem_received, name="gift-redeem-received"),
    path("packages/<slug:slug>/gift/", gift_views.package_gift_start, name="package-gift-start"),
    path("webhooks/stripe/", views.stripe_webhook, name="stripe-webhook"),
    path("learn/purchases/", views.purchases, name="purchases"),
    path("learn/purchases/<str:reference>/", views.order_detail, name="order-detail"),
    path("learn/purchases/<str:reference>/refund/", views.refund_request, name="refund-request"),
    path("invoices/<str:number>.pdf", views.invoice_pdf, name="invoice-pdf"),
    path("suggestions/for-course/<int:course_id>/", recommendation_views.course_panel, name="course-suggestions"),
    path("suggestions/for-dashboard/", recommendation_views.dashboard_panel, name="dashboard-suggestions"),
    path("suggestions/<str:token>/", recommendation_views.click, name="recommendation-click"),
]
