"""Celery tasks of the notifications: the e-mails, sent after the decision committed
(eagerly in-process without a broker: ``CELERY_TASK_ALWAYS_EAGER``).

The mails carry no personal data of third parties (docs/security.md): the object's
label (a unit's or a list's name), its new state, the date and the link; never an
official's or an objector's name. They are written in the platform's first language
(``LANGUAGE_CODE``, 中文)."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from greenmfg.notifications.kinds import EMAIL_ON_BY_DEFAULT
from greenmfg.notifications.models import Notification, NotificationPreference
from greenmfg.selection.models import Objection
from greenmfg.supervision.models import Complaint


def _absolute(path: str) -> str:
    base = getattr(settings, "GREENMFG_SITE_URL", "").rstrip("/")
    return f"{base}{path}" if path else ""


@shared_task(name="greenmfg.notification_mails")
def send_notification_mails(event_uuid: str) -> int:
    """Mail the notifications of audit event ``event_uuid`` to their recipients who
    have an e-mail address and want the notification's kind by e-mail. Out: the number
    of mails sent (one per recipient)."""
    rows = list(
        Notification.objects.filter(event_uuid=event_uuid)
        .exclude(recipient__email="")
        .select_related("recipient")
    )
    if not rows:
        return 0
    prefs = dict(
        NotificationPreference.objects.filter(
            user_id__in=[n.recipient_id for n in rows]
        ).values_list("user_id", "email_kinds")
    )
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for n in rows:
            kinds = prefs.get(n.recipient_id, EMAIL_ON_BY_DEFAULT)
            if n.kind not in kinds:
                continue
            subject = _("【绿色制造】{title}").format(title=n.title)
            body = _(
                "{title}\n状态：{state}\n业务日期：{day}\n\n{link}\n\n"
                "本邮件由平台自动发送。可在“通知设置”中关闭邮件通知：{settings}"
            ).format(
                title=n.title,
                state=n.state_label,
                day=n.business_date.isoformat(),
                link=_absolute(n.link),
                settings=_absolute(reverse("notification_preferences")),
            )
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [n.recipient.email])
            sent += 1
    return sent


@shared_task(name="greenmfg.notification_outcome_mail")
def send_outcome_mail(object_type: str, object_uuid: str) -> int:
    """Mail an anonymous objector or complainant that their objection or complaint was
    handled (its receipt number and new state; the lookup page for the handling
    opinion). The address is read here, never passed through the broker. Out: 1 when
    sent, 0 without an address."""
    model, email_field = {
        "selection.objection": (Objection, "objector_email"),
        "supervision.complaint": (Complaint, "complainant_email"),
    }[object_type]
    obj = model.objects.filter(uuid=object_uuid).first()
    email = getattr(obj, email_field, "") if obj else ""
    if not email:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        noun = _("异议") if model is Objection else _("举报")
        subject = _("【绿色制造】您提交的{noun}已办结").format(noun=noun)
        body = _(
            "您提交的{noun}（回执号 {number}）已办结，结果：{state}。\n\n"
            "可凭回执号和查询码在以下页面查看处理意见：{link}\n\n本邮件由平台自动发送。"
        ).format(
            noun=noun,
            number=obj.receipt_number or "—",
            state=obj.get_state_display(),
            link=_absolute(reverse("receipt_lookup")),
        )
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email])
    return 1
