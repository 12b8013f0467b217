import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.fields.files import FieldFile
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from core.uploads import check_upload, extension_of, private_storage

from .timezones import is_valid_time_zone


def validate_time_zone(value: str) -> None:
    if not is_valid_time_zone(value):
        raise ValidationError(_("“%(value)s” is not a known time zone."), params={"value": value})


class Role(models.TextChoices):
    STUDENT = "student", _("Student")
    TEACHER = "teacher", _("Teacher")
    PARTNER = "partner", _("Partner")
    ADMIN = "admin", _("Admin")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.update(is_staff=True, is_superuser=True, is_admin=True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person who logs in with their email; roles are flags because one person may hold several."""

    username = None
    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(_("display name"), max_length=120, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC", validators=[validate_time_zone])
    preferred_language = models.CharField(
        _("preferred language"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    preferred_currency = models.CharField(_("preferred currency"), max_length=3, blank=True)
    country = models.CharField(
        _("country"), max_length=2, blank=True, db_index=True, help_text=_("Two-letter ISO code, e.g. JO")
    )

    is_student = models.BooleanField(_("student"), default=True)
    is_teacher = models.BooleanField(_("teacher"), default=False)
    is_partner = models.BooleanField(_("partner"), default=False)
    is_admin = models.BooleanField(
        _("admin"), default=False, help_text=_("Runs the back office: users, refunds, governance, reports.")
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []
    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return self.display_name or self.get_full_name() or self.email.split("@")[0]

    def get_short_name(self):
        return self.name

    def has_role(self, role: str) -> bool:
        return {
            Role.STUDENT: self.is_student,
            Role.TEACHER: self.is_teacher,
            Role.PARTNER: self.is_partner,
            Role.ADMIN: self.is_admin or self.is_superuser,
        }[Role(role)]

    @property
    def roles(self) -> list[Role]:
        return [role for role in Role if self.has_role(role)]


def teacher_photo_path(instance, filename):
    return f"teachers/{instance.user_id}/{filename}"


class TeacherProfile(ClusterableModel):
    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="teacher_profile")
    headline = models.CharField(_("headline"), max_length=160, blank=True)
    bio = models.TextField(_("bio"), blank=True)
    languages_taught = models.CharField(
        _("languages taught"), max_length=200, blank=True, help_text=_("Comma-separated, e.g. Arabic, English")
    )
    photo = models.ImageField(_("photo"), upload_to=teacher_photo_path, blank=True)
    can_create_courses = models.BooleanField(_("can create courses"), default=True)
    can_publish_lessons = models.BooleanField(
        _("can publish lessons"), default=False, help_text=_("Without it, changes wait for an admin's approval.")
    )
    can_issue_certificates = models.BooleanField(_("can issue certificates"), default=False)

    class Meta:
        verbose_name = _("teacher profile")

    def __str__(self):
        return str(self.user)

    @property
    def language_list(self) -> list[str]:
        return [item.strip() for item in self.languages_taught.split(",") if item.strip()]


# A scan of a diploma or a certificate: PDF or a photo, never anything a browser could run.
CERTIFICATION_UPLOAD_LIMITS_MB = {"pdf": 10, "jpg": 10, "jpeg": 10, "png": 10}


def validate_certification_document(file) -> None:
    check_upload(file, limits=CERTIFICATION_UPLOAD_LIMITS_MB)


def certification_document_path(instance, filename):
    # An unguessable name: the file is private, and its original name may carry personal details.
    return f"teacher-certifications/{instance.profile.user_id}/{secrets.token_urlsafe(12)}.{extension_of(filename)}"


class CertificationFile(FieldFile):
    @property
    def url(self):
        """Always the view that checks who is asking (admins and the teacher), never the storage's address."""
        self._require_file()
        return reverse("accounts:certification-document", args=[self.instance.pk])


class CertificationFileField(models.FileField):
    attr_class = CertificationFile


class TeacherCertification(models.Model):
    """A qualification a teacher holds; admins record it with its scan, and both are reminded before it expires."""

    profile = ParentalKey(TeacherProfile, on_delete=models.CASCADE, related_name="certifications")
    title = models.CharField(_("title"), max_length=200)
    issuer = models.CharField(_("issued by"), max_length=200)
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True, help_text=_("Empty: it never expires."))
    document = CertificationFileField(
        _("document"),
        storage=private_storage,
        upload_to=certification_document_path,
        validators=[validate_certification_document],
        blank=True,
        help_text=_("PDF, JPG or PNG, up to 10 MB. Only admins and the teacher can open it."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")
        ordering = ["expires_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_on__isnull=True) | models.Q(expires_on__gt=models.F("issued_on")),
                name="certification_expires_after_issue",
                violation_error_message=_("A certification must expire after the day it was issued."),
            )
        ]

    def __str__(self):
        return self.title

    @property
    def teacher(self) -> User:
        return self.profile.user


class PartnerProfile(models.Model):
    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="partner_profile")
    organisation = models.CharField(_("organisation"), max_length=200)
    contact_name = models.CharField(_("contact name"), max_length=120, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("partner profile")

    def __str__(self):
        return self.organisation


class AuditEntry(models.Model):
    """Who did what to which record, and which person it was about; written by services, never edited."""

    actor = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    subject = models.ForeignKey(
        User,
        verbose_name=_("about"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activity",
        db_index=False,  # the (subject, created_at) index below serves it
    )
    action = models.CharField(max_length=80)
    target_type = models.CharField(max_length=80)
    target_id = models.CharField(max_length=64)
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["target_type", "target_id"]),
            models.Index(fields=["subject", "-created_at"], name="accounts_audit_subject"),
        ]

    def __str__(self):
        return f"{self.action} {self.target_type}#{self.target_id}"


# A CV or a diploma: documents and photos, never anything a browser could run.
APPLICATION_UPLOAD_LIMITS_MB = dict.fromkeys(["pdf", "doc", "docx", "odt", "jpg", "jpeg", "png"], 10)


def validate_application_document(file) -> None:
    check_upload(file, limits=APPLICATION_UPLOAD_LIMITS_MB)


class TeacherApplication(models.Model):
    """Someone asking to teach, from the public "Teach with us" form; an admin approves or rejects it once."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("email address"))
    languages = models.CharField(_("languages you teach"), max_length=200, help_text=_("e.g. Arabic, English"))
    experience = models.TextField(_("teaching experience"), max_length=4000)
    document = models.FileField(
        _("CV or certificate"),
        storage=private_storage,
        upload_to="teacher-applications/",
        validators=[validate_application_document],
        help_text=_("PDF, Word, OpenDocument or an image, up to 10 MB."),
    )
    message = models.TextField(_("message"), max_length=4000, blank=True)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, default="en")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        User, verbose_name=_("decided by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rejection_reason = models.TextField(_("reason for rejecting"), blank=True)
    user = models.ForeignKey(
        User, verbose_name=_("teacher account"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("teacher application")
        verbose_name_plural = _("teacher applications")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "-created_at"], name="accounts_application_status")]

    def __str__(self):
        return f"{self.name} <{self.email}>"
