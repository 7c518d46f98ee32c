"""Notifications (通知): in-app messages and e-mails when something is decided about a
user's own registration, application, dynamic form, change report or listing, and for
the officials who must handle a new objection or complaint (issue 18 item 3)."""
