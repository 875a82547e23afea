"""makemessages without fuzzy matching: a guessed translation is worse than none."""

from django.core.management.commands.makemessages import Command as BaseCommand


class Command(BaseCommand):
    msgmerge_options = [*BaseCommand.msgmerge_options, "--no-fuzzy-matching"]
