#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workshop.settings")
    from django.core.management import execute_from_command_line

    from workshop.guard import refuse_wrong_user_or_settings

    refuse_wrong_user_or_settings()  # as the app's user, with the server's settings
    execute_from_command_line(sys.argv)
