"""The HTTP views and their forms: facilitator pages, projector and control, phone, toolkit, accounts.

They may use the domain, lib and the live package; nothing else imports them but
workshop/urls.py and admin.py (tests/workshop/test_app_boundary.py)."""
