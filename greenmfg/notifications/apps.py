from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """Notifications (通知): raised from the audit events after they commit
    (``audit.services.event_listen``), shown in-app and mailed per each user's
    preferences; the public lookup of objection and complaint receipts."""

    name = "greenmfg.notifications"
    label = "notifications"
    verbose_name = "通知"

    def ready(self) -> None:
        # the kernel calls us with each committed audit event; it imports nothing of ours
        from greenmfg.audit.services import event_listen  # noqa: PLC0415 - app registry ready
        from greenmfg.notifications.services import notify_for_event  # noqa: PLC0415 - same

        event_listen(notify_for_event)
        # the header's unread count is read at sign-in, so the pages find it cached
        from django.contrib.auth.signals import user_logged_in  # noqa: PLC0415 - same

        from greenmfg.notifications.selectors import prime_unread_count  # noqa: PLC0415 - same

        user_logged_in.connect(prime_unread_count, dispatch_uid="notifications-unread")
