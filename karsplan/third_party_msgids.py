"""Strings of third-party apps that ship no Turkish catalogue, so that makemessages puts them
in ours (locale/tr) and the admin shows them in Turkish.

django-simple-history (the admin's history pages) has no Turkish translation; Django looks up
every msgid in our catalogue first, whatever app uses it. Nothing imports this module: it only
marks the msgids (``gettext_noop``) for ``tools/i18n.py``.
"""

from django.utils.translation import gettext_noop

SIMPLE_HISTORY = [
    gettext_noop(
        "Choose a date from the list below to revert to a previous version of this object."
    ),
    gettext_noop("Press the 'Revert' button below to revert to this version of the object."),
    gettext_noop("Press the 'Change History' button below to edit the history."),
    gettext_noop("This object doesn't have a change history."),
    gettext_noop("Object"),
    gettext_noop("Comment"),
    gettext_noop("Changed by"),
    gettext_noop("Change reason"),
    gettext_noop("Created"),
    gettext_noop("Changed"),
    gettext_noop("Deleted"),
    gettext_noop("Revert"),
    gettext_noop("Change History"),
    gettext_noop("View history: %s"),
    gettext_noop("View %s"),
    gettext_noop("Revert %s"),
    gettext_noop("Revert %(verbose_name)s"),
    gettext_noop("View %(verbose_name)s"),
    gettext_noop("You may edit it again below"),
    gettext_noop('The %(name)s "%(obj)s" was changed successfully.'),
    gettext_noop("Deleted %(type_name)s"),
]
