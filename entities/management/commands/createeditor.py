"""`manage.py createeditor USERNAME [--email E] [--password P | env EDITOR_PASSWORD]`.

Creates a staff user in the Editors group (or `--researcher`: the Researchers group), so a
newsroom can start curating without a superuser. Asks for the password when none is given
and a terminal is attached. Running it again for an existing user puts them in the group and,
with a password, sets it.
"""

from __future__ import annotations

import getpass
import os
import sys

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from entities.roles import EDITORS, RESEARCHERS, roles_sync

PASSWORD_ENV = "EDITOR_PASSWORD"


class Command(BaseCommand):
    help = "Create a staff user in the Editors (or Researchers) group."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--password", help=f"the password (default: ${PASSWORD_ENV}, else asked for)"
        )
        parser.add_argument(
            "--researcher", action="store_true", help="read-only access: the Researchers group"
        )

    def handle(self, *args, username, email, password, researcher, **options):
        password = password or os.environ.get(PASSWORD_ENV) or self._ask()
        User = get_user_model()
        user = User.objects.filter(username=username).first() or User(
            username=username, email=email
        )
        try:
            password_validation.validate_password(password, user)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        group_name = RESEARCHERS if researcher else EDITORS
        with transaction.atomic():
            # The groups come from a migration; made again here if someone deleted them.
            if not Group.objects.filter(name=group_name).exists():
                roles_sync(Group, Permission)
            created = user.pk is None
            user.is_staff = True
            user.set_password(password)
            user.save()
            user.groups.add(Group.objects.get(name=group_name))
        verb = "Created" if created else "Updated"
        self.stdout.write(f"{verb} {username}, staff, in {group_name}.")

    def _ask(self) -> str:
        if not sys.stdin.isatty():
            raise CommandError(f"give --password or set {PASSWORD_ENV} (no terminal to ask on)")
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            raise CommandError("the passwords differ")
        if not first:
            raise CommandError("a password is required")
        return first
