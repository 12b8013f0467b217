from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from api.views import catalogue, partners, people, token

app_name = "api"

v1 = [
    path("token/", token.TokenView.as_view(), name="token"),
    path("courses/", catalogue.CourseList.as_view(), name="courses"),
    path("courses/<int:pk>/", catalogue.CourseDetail.as_view(), name="course"),
    path("bundles/", catalogue.BundleList.as_view(), name="bundles"),
    path("packages/", catalogue.PackageList.as_view(), name="packages"),
    path("enrollments/", people.EnrollmentList.as_view(), name="enrollments"),
    path("progress/", people.ProgressList.as_view(), name="progress"),
    path("bookings/", people.BookingList.as_view(), name="bookings"),
    path("bookings/<int:pk>/cancel/", people.BookingCancel.as_view(), name="booking-cancel"),
    path("teachers/<int:teacher_id>/slots/", people.TeacherSlots.as_view(), name="teacher-slots"),
    path("orders/", people.OrderList.as_view(), name="orders"),
    path("orders/<str:reference>/", people.OrderDetail.as_view(), name="order"),
    path("invoices/", people.InvoiceList.as_view(), name="invoices"),
    path("certificates/", people.CertificateList.as_view(), name="certificates"),
    path("certificates/<str:code>/", people.CertificateVerify.as_view(), name="certificate-verify"),
    path("partner/referrals/", partners.ReferralList.as_view(), name="partner-referrals"),
    path("partner/commissions/", partners.CommissionList.as_view(), name="partner-commissions"),
    path("webhooks/endpoints/", partners.EndpointList.as_view(), name="webhook-endpoints"),
    path("webhooks/endpoints/<int:pk>/", partners.EndpointDetail.as_view(), name="webhook-endpoint"),
]

urlpatterns = [
    path("api/v1/", include(v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
]
