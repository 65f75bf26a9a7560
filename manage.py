#!/usr/bin/env python
import os
import sys

# Commands that only read the code (the models): they sign nothing and serve nothing, so the
# production safety check (a real SECRET_KEY with DEBUG off, config/settings.py) does not apply.
# `python manage.py makemigrations --check` works on a fresh clone without any configuration.
CODE_ONLY_COMMANDS = {"makemigrations"}


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if len(sys.argv) > 1 and sys.argv[1] in CODE_ONLY_COMMANDS:
        os.environ.setdefault("DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
